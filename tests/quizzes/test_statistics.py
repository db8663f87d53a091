"""Quiz statistics: the math, who sees which attempts, and the CSV/XLSX exports."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses import services as course_services
from people.roles import Role
from quizzes import services
from quizzes.models import QuizPage
from quizzes.statistics import discrimination, facility, histogram, rest_of_test
from tests.factories import DepartmentFactory, MinistryUnitFactory, make_person
from tests.quizzes.helpers import answers, wrong_answer


class TestMath:
    def test_histogram_bins_and_top_value(self):
        assert histogram([0, 9.99, 10, 55, 100, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]

    def test_facility_is_the_mean_share_of_the_mark(self):
        assert facility([1, 0, 0.5, 0.5]) == 50
        assert facility([]) is None

    def test_discrimination_is_positive_when_strong_learners_get_it_right(self):
        assert discrimination([1, 1, 0, 0], [90, 80, 30, 20]) == pytest.approx(100 * 60 / 3700**0.5)
        reverse_order = discrimination([0, 0, 1, 1], [90, 80, 30, 20])
        assert reverse_order is not None and reverse_order < 0

    def test_discrimination_undefined_without_variation(self):
        assert discrimination([1, 1, 1], [10, 50, 90]) is None
        assert discrimination([1], [10]) is None

    def test_rest_of_test_leaves_the_question_out(self):
        assert rest_of_test(
            Decimal("3"), Decimal("4"), Decimal("1"), Decimal("1")
        ) == pytest.approx(66.667, abs=0.01)
        assert rest_of_test(Decimal("1"), Decimal("1"), Decimal("1"), Decimal("1")) == 0.0


@pytest.fixture
def provinces_taking_the_quiz(course, quiz):
    """Two learners in province A (all right, half right), one in B (all wrong)."""
    unit_a, unit_b = DepartmentFactory(), DepartmentFactory()
    people = [make_person(unit=unit_a), make_person(unit=unit_a), make_person(unit=unit_b)]
    for user, right in zip(people, (6, 3, 0), strict=True):
        course_services.enrol(user, course)
        attempt = services.start_attempt(user, quiz)
        services.submit_attempt(user, attempt.pk, answers(attempt, right=right))
    return unit_a, unit_b, people


pytestmark = pytest.mark.django_db


def test_statistics_of_all_attempts(client, quiz, provinces_taking_the_quiz):
    admin = make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory())
    client.force_login(admin)
    response = client.get(reverse("quizzes:statistics", args=[quiz.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.attempts, report.learners) == (3, 3)
    assert report.mean == pytest.approx(50.0)
    assert report.histogram[0] == 1 and report.histogram[5] == 1 and report.histogram[9] == 1
    first = report.questions[0]
    assert first.attempts == 3 and first.facility == pytest.approx(200 / 3)
    assert first.discrimination is not None and first.discrimination > 0
    last = report.questions[-1]
    assert last.name == "Câu ordering" and last.facility == pytest.approx(100 / 3)


def test_most_chosen_wrong_answers(client, quiz, provinces_taking_the_quiz):
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    report = client.get(reverse("quizzes:statistics", args=[quiz.pk])).context["report"]
    single = report.questions[0]
    attempt = quiz.attempts.order_by("pk").last()
    item = attempt.items.select_related("version").get(position=1)
    wrong_id = wrong_answer(item)
    wrong_text = next(o["text"] for o in item.version.data["options"] if o["id"] == wrong_id)
    assert single.wrong == [(wrong_text, 1)]
    short = report.questions[3]
    assert short.wrong == [("không biết", 2)]


def test_province_manager_sees_only_their_province(client, quiz, provinces_taking_the_quiz):
    unit_a, unit_b, _people = provinces_taking_the_quiz
    manager = make_person(Role.PROVINCE_MANAGER, unit=unit_b)
    client.force_login(manager)
    report = client.get(reverse("quizzes:statistics", args=[quiz.pk])).context["report"]
    assert (report.attempts, report.mean) == (1, 0.0)
    csv = client.get(reverse("quizzes:export_attempts_csv", args=[quiz.pk])).content.decode("utf-8")
    assert unit_b.province.name in csv and unit_a.province.name not in csv


def test_trainer_who_edits_the_quiz_sees_every_attempt(client, quiz, provinces_taking_the_quiz):
    trainer = make_person(Role.TRAINER, unit=MinistryUnitFactory())
    assert QuizPage.objects.get(pk=quiz.pk).permissions_for_user(trainer).can_edit()
    client.force_login(trainer)
    report = client.get(reverse("quizzes:statistics", args=[quiz.pk])).context["report"]
    assert report.attempts == 3


@pytest.mark.parametrize(
    "name", ["statistics", "export_attempts_csv", "export_questions_csv", "export_xlsx"]
)
def test_learners_may_not_see_statistics(client, quiz, provinces_taking_the_quiz, name):
    _a, _b, people = provinces_taking_the_quiz
    client.force_login(people[0])
    assert client.get(reverse(f"quizzes:{name}", args=[quiz.pk])).status_code == 403
    client.logout()
    assert client.get(reverse(f"quizzes:{name}", args=[quiz.pk])).status_code == 302


def test_csv_exports_carry_a_bom(client, quiz, provinces_taking_the_quiz):
    _a, _b, people = provinces_taking_the_quiz
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    attempts = client.get(reverse("quizzes:export_attempts_csv", args=[quiz.pk]))
    assert attempts["Content-Type"].startswith("text/csv")
    body = attempts.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 4
    assert people[0].profile.full_name in text and "100.0" in text
    questions = client.get(reverse("quizzes:export_questions_csv", args=[quiz.pk]))
    lines = questions.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 7 and "Câu single" in lines[1]


def test_xlsx_export_has_both_tables(client, quiz, provinces_taking_the_quiz):
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    response = client.get(reverse("quizzes:export_xlsx", args=[quiz.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    questions, attempts = workbook.worksheets
    assert questions.max_row == 7 and attempts.max_row == 4
    percents = sorted(row[9].value for row in attempts.iter_rows(min_row=2))
    assert percents == [0, 50, 100]


def test_statistics_link_on_the_quiz_page_for_trainers(client, quiz):
    client.force_login(make_person(Role.TRAINER, unit=MinistryUnitFactory()))
    assert reverse("quizzes:statistics", args=[quiz.pk]).encode() in client.get(quiz.url).content
