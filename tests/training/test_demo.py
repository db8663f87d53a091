"""The demo: a held 13/11/2025-style conference attended by hocvien, and an open session."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.models import QuestionKind, QuizResult
from tests.factories import make_course, make_person
from tests.quizzes.factories import make_question, make_quiz
from training.demo import FINISHED_TITLE, UPCOMING_TITLE, _pass_quiz
from training.models import Attendance, Question, QuestionStatus, Registration, Session

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_sessions_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    finished = Session.objects.get(title=FINISHED_TITLE)
    upcoming = Session.objects.get(title=UPCOMING_TITLE)
    assert finished.status == "da_dien_ra"
    parts = list(finished.parts.order_by("starts_at"))
    assert len(parts) == 7
    assert all(timezone.localtime(p.starts_at).date().isoformat() == "2025-11-13" for p in parts)
    assert {p.field.slug for p in parts if p.field} >= {"so-huu-tri-tue", "tan-so-vo-tuyen-dien"}
    assert timezone.localtime(parts[-1].starts_at).hour == 14
    hocvien = Registration.objects.get(session=finished, user__username="hocvien")
    assert hocvien.status == "da_xac_nhan"
    assert hocvien.attendance_percent == 100
    assert Attendance.objects.filter(user=hocvien.user, part__session=finished).count() == 7
    assert upcoming.status == "mo_dang_ky"
    assert upcoming.registration_is_open()
    assert finished.quiz is not None
    assert QuizResult.objects.get(quiz=finished.quiz, user=hocvien.user).passed_at is not None
    answered = Question.objects.filter(status=QuestionStatus.ANSWERED)
    assert answered.count() >= 5
    assert all(q.answer and q.assigned_unit for q in answered)
    counts = (
        Session.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
        Question.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        Session.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
        Question.objects.count(),
    )


def test_the_demo_learner_passes_a_quiz_through_the_quiz_services():
    course = make_course(modules=1, lessons_per_module=1)
    quiz = make_quiz(course, [make_question(kind) for kind in QuestionKind.values])
    learner = make_person()
    assert _pass_quiz(learner, quiz)
    result = QuizResult.objects.get(quiz=quiz, user=learner)
    assert result.passed_at is not None and result.percent == 100
    assert _pass_quiz(learner, quiz)
    assert QuizResult.objects.get(quiz=quiz, user=learner).attempts == 1
