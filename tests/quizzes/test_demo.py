"""The demo bank and quiz load once, and the demo quiz can be passed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from courses import services as course_services
from people.roles import Role
from quizzes import services
from quizzes.demo import QUIZ_SLUG
from quizzes.models import Question, QuizPage
from tests.factories import make_course, make_person
from tests.quizzes.helpers import answers

pytestmark = pytest.mark.django_db


def test_demo_quiz_loads_once_and_can_be_passed(capsys):
    course = make_course(title="Tổng quan về phân cấp", field=None, modules=2)
    course.field = None
    course.save()
    call_command("seed_quiz_demo")
    call_command("seed_quiz_demo")
    assert "quiz page already there" in capsys.readouterr().out
    assert Question.objects.count() == 6
    assert {q.kind for q in Question.objects.all()} == {
        "single",
        "multiple",
        "truefalse",
        "short",
        "matching",
        "ordering",
    }
    quiz = QuizPage.objects.get(slug=QUIZ_SLUG)
    assert quiz.live and quiz.get_parent().slug == "hoc-phan-2"
    learner = make_person(Role.LEARNER)
    course_services.enrol(learner, course)
    attempt = services.start_attempt(learner, quiz)
    assert services.submit_attempt(learner, attempt.pk, answers(attempt)).passed
