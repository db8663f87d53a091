"""On the demo catalogue and lessons, the assistant cites a right source in its first three
answers for at least nine staff questions in ten (issue 12 asks 0.85), far above the
AND-of-substrings search it replaces, and declines every out-of-scope question."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from assistant.evaluation import evaluate, load_questions
from assistant.indexing import rebuild_index
from courses.demo.load import load_demo_catalogue
from courses.selectors import catalogue

pytestmark = pytest.mark.django_db


# Issue 12 fails CI below hit@3 0.85 on the demo; the set holds 0.9, so the bar stays there.
MIN_HIT3 = 0.9


def test_top_three_hit_rate_on_the_demo_meets_the_bar():
    # One test for the whole set: loading the demo is the slow part.
    load_demo_catalogue()
    rebuild_index()
    data = load_questions()
    questions = data["questions"]
    assert len(questions) >= 80
    # A fifth typed without diacritics, as staff often do on a phone.
    assert sum(item["q"].isascii() for item in questions) * 5 >= len(questions)
    assert len(data["out_of_scope"]) >= 5
    report = evaluate(data)
    assert report.hit3 >= MIN_HIT3, report.misses
    assert report.baseline_hit3 < report.hit3
    assert report.declined == report.out_of_scope
    # The catalogue ranks with the same BM25: the digital transformation course comes first.
    assert catalogue(query="chuyen doi so")[0].slug == "chuyen-doi-so-tinh-va-xa"
    out = io.StringIO()
    call_command("eval_assistant", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(
        rf"RESULT questions={report.questions} hit1=[0-9.]+ hit3=[0-9.]+ hit5=[0-9.]+ "
        r"mrr10=[0-9.]+ out_of_scope_declined=\d+/\d+ ms_p95=[0-9.]+( \w+=\S+)*",
        last,
    ), last
