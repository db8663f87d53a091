"""Issue automatically when a person may have become eligible.

Lower apps send their signals after their transaction commits; each receiver here only
schedules a Celery task (after the current transaction, if any) that checks the rule and
issues. Connected in CertificatesConfig.ready().
"""

from __future__ import annotations

from typing import Any

from certificates.models import CertificateRule
from certificates.services import schedule_check, schedule_for_target
from certificates.targets import Target
from courses import signals as course_signals
from courses.models import CoursePage
from quizzes import signals as quiz_signals
from training import signals as training_signals
from training.models import RegistrationStatus, Session


def on_course_completed(sender: Any, user: Any, course: CoursePage, **kwargs: Any) -> None:
    schedule_for_target(Target(course=course), user.pk)


def on_lesson_completed(sender: Any, user: Any, lesson: Any, **kwargs: Any) -> None:
    enrolment = kwargs.get("enrolment")
    rules = CertificateRule.objects.filter(lessons=lesson, auto_issue=True)
    if enrolment is not None:
        rules = rules | CertificateRule.objects.filter(course=enrolment.course_id, auto_issue=True)
    for rule in rules.distinct():
        schedule_check(rule, user.pk)


def on_quiz_passed(sender: Any, user: Any, quiz: Any, **kwargs: Any) -> None:
    for rule in CertificateRule.objects.filter(quiz=quiz, auto_issue=True):
        schedule_check(rule, user.pk)
    # Sessions whose post-session quiz this is, unless their rule names a quiz of its own.
    for session in Session.objects.filter(quiz=quiz).exclude(certificate_rule__quiz__isnull=False):
        schedule_for_target(Target(session=session), user.pk)
    course = CoursePage.objects.ancestor_of(quiz).first()
    if course is not None:
        schedule_for_target(Target(course=course), user.pk)


def on_attendance_changed(sender: Any, user: Any, session: Session, **kwargs: Any) -> None:
    schedule_for_target(Target(session=session), user.pk)


def on_registration_changed(sender: Any, registration: Any, **kwargs: Any) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        schedule_for_target(Target(session=registration.session), registration.user_id)


def connect() -> None:
    course_signals.course_completed.connect(on_course_completed, dispatch_uid="cert-course")
    course_signals.lesson_completed.connect(on_lesson_completed, dispatch_uid="cert-lesson")
    quiz_signals.quiz_passed.connect(on_quiz_passed, dispatch_uid="cert-quiz")
    training_signals.attendance_changed.connect(
        on_attendance_changed, dispatch_uid="cert-attendance"
    )
    training_signals.registration_changed.connect(
        on_registration_changed, dispatch_uid="cert-registration"
    )
