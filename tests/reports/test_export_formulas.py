"""Every XLSX and CSV export of the site keeps formula-like text as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lib.spreadsheets import FORMULA_STARTS
from quizzes import services as quiz_services
from quizzes.models import QuestionKind
from tests.quizzes.factories import make_question
from tests.quizzes.factories import make_quiz as make_course_quiz
from tests.quizzes.helpers import answers
from tests.training.factories import make_session
from training import services as training_services

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","Bấm vào đây")'
COMMAND = "+cmd|' /C calc'!A0"
ARITHMETIC = "-1+1"
AT_SUM = "@SUM(A1:A2)"


def _content(response: Any) -> bytes:
    assert response.status_code == 200, response
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _xlsx_texts(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} = {cell.value}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _csv_texts(content: bytes) -> list[str]:
    assert content.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


@pytest.fixture
def hostile(nation):
    """The nation with formula-like names: people, unit, province, course, session, questions."""
    names = ((nation.nhung, HYPERLINK), (nation.duc, COMMAND), (nation.hoa, ARITHMETIC))
    for person, name in names:
        person.profile.full_name = name
        person.profile.save()
    nation.huong_hoa.name = AT_SUM
    nation.huong_hoa.save()
    province = nation.quang_tri.province
    province.name = ARITHMETIC
    province.save()
    session = make_session(course=nation.ip_course, title=HYPERLINK)
    for person in (nation.nhung, nation.duc, nation.hoa):
        training_services.register(person, session)
    questions = [
        make_question(QuestionKind.SINGLE, name=COMMAND),
        make_question(QuestionKind.SINGLE, name=AT_SUM),
    ]
    quiz = make_course_quiz(nation.ip_course, questions, pass_mark=50)
    for person, right in ((nation.nhung, 2), (nation.duc, 0)):
        attempt = quiz_services.start_attempt(person, quiz)
        quiz_services.submit_attempt(person, attempt.pk, answers(attempt, right=right))
    return nation, session, quiz


def _exports(nation: Any, session: Any, quiz: Any) -> dict[str, Callable[[Client], Any]]:
    def report(name: str, fmt: str, **params: Any) -> Callable[[Client], Any]:
        return lambda client: client.post(
            reverse("reports:export"), {"report": name, "format": fmt, **params}
        )

    exports: dict[str, Callable[[Client], Any]] = {
        "training session report": lambda client: client.get(
            reverse("training:report_xlsx", args=[session.pk])
        ),
        "quiz attempts csv": lambda client: client.get(
            reverse("quizzes:export_attempts_csv", args=[quiz.pk])
        ),
        "quiz questions csv": lambda client: client.get(
            reverse("quizzes:export_questions_csv", args=[quiz.pk])
        ),
        "quiz statistics xlsx": lambda client: client.get(
            reverse("quizzes:export_xlsx", args=[quiz.pk])
        ),
    }
    province = nation.quang_tri.province.pk
    for fmt in ("xlsx", "csv"):
        exports[f"matrix {fmt}"] = report("matrix", fmt)
        exports[f"province {fmt}"] = report("province", fmt, province=province)
        exports[f"learners {fmt}"] = report("learners", fmt)
        exports[f"person {fmt}"] = report("person", fmt, person=nation.duc.pk)
        exports[f"course {fmt}"] = report("course", fmt, course=nation.ip_course.pk)
        exports[f"session {fmt}"] = report("session", fmt, session=session.pk)
        exports[f"session people {fmt}"] = report("session-people", fmt, session=session.pk)
    return exports


EXPECTED = {
    "training session report": {HYPERLINK, COMMAND, ARITHMETIC, AT_SUM},
    "quiz attempts csv": {HYPERLINK, COMMAND, ARITHMETIC, AT_SUM},
    "quiz questions csv": {COMMAND, AT_SUM},
    "quiz statistics xlsx": {HYPERLINK, COMMAND, ARITHMETIC, AT_SUM},
    "matrix": {ARITHMETIC},
    "province": {AT_SUM},
    "learners": {HYPERLINK, COMMAND, ARITHMETIC, AT_SUM},
    "person": {COMMAND, ARITHMETIC, AT_SUM},
    "course": {ARITHMETIC},
    "session": {ARITHMETIC},
    "session people": {HYPERLINK, COMMAND, ARITHMETIC, AT_SUM},
}


def test_every_export_keeps_formula_like_text_as_text(client, hostile):
    nation, session, quiz = hostile
    client.force_login(nation.admin)
    exports = _exports(nation, session, quiz)
    assert len(exports) == 18
    for name, fetch in exports.items():
        content = _content(fetch(client))
        is_xlsx = content.startswith(b"PK")
        texts = _xlsx_texts(content) if is_xlsx else _csv_texts(content)
        live = [text for text in texts if text[:1] in FORMULA_STARTS]
        assert not live, f"{name}: {live}"
        expected = EXPECTED.get(name) or EXPECTED[name.rsplit(" ", 1)[0]]
        kept = {text[1:] for text in texts if text.startswith("'")}
        assert expected <= kept, f"{name}: {expected - kept} missing from {texts}"
