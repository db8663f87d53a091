"""Eligibility rules, the preview of who is missing what, decisions by hand, auto issuance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from certificates import services
from certificates.eligibility import people_for, standing, standings
from certificates.errors import NotAllowed, ReasonRequired
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateRule,
    EventKind,
    LessonsMode,
    OverrideDecision,
)
from courses import services as course_services
from people.roles import Role
from quizzes.models import QuizPage, QuizResult
from tests.certificates.factories import (
    attend,
    course_with_rule,
    department,
    finish_course,
    held_session,
    learner,
    lessons,
)
from tests.factories import make_person
from training.models import Part
from training.services.attendance import mark_roster

pytestmark = pytest.mark.django_db


def add_quiz(course, **fields) -> QuizPage:
    module = course.get_children().first()
    return module.add_child(
        instance=QuizPage(title="Bài kiểm tra cuối khóa", slug="kiem-tra", pass_mark=70, **fields)
    )


def result(quiz: QuizPage, person, percent: str, *, passed: bool) -> QuizResult:
    return QuizResult.objects.create(
        quiz=quiz,
        user=person,
        percent=Decimal(percent),
        attempts=1,
        passed_at=timezone.now() if passed else None,
    )


def test_course_rule_needs_completion_and_the_quiz():
    course, rule = course_with_rule()
    quiz = add_quiz(course)
    rule.quiz = quiz
    rule.save()
    done = learner("Bùi Thị Xuân")
    finish_course(done, course)
    result(quiz, done, "90", passed=True)
    halfway = learner("Cao Bá Quát")
    course_services.enrol(halfway, course)
    course_services.complete_lesson(halfway, lessons(course)[0])
    failed = learner("Chu Văn An")
    finish_course(failed, course)
    result(quiz, failed, "40", passed=False)

    rows = {s.person.pk: s for s in standings(rule, [done, halfway, failed])}

    assert rows[done.pk].eligible and rows[done.pk].missing == []
    assert not rows[halfway.pk].eligible
    assert any("%" in item for item in rows[halfway.pk].missing)
    assert any("Bài kiểm tra cuối khóa" in item for item in rows[halfway.pk].missing)
    assert not rows[failed.pk].eligible
    assert any("40" in item for item in rows[failed.pk].missing)


@pytest.mark.parametrize(("mode", "eligible"), [(LessonsMode.ALL, False), (LessonsMode.ANY, True)])
def test_required_lessons_all_or_any(mode, eligible):
    course, rule = course_with_rule(require_course_completion=False, lessons_mode=mode)
    first, second = lessons(course)[:2]
    rule.lessons.set([first, second])
    person = learner()
    course_services.enrol(person, course)
    course_services.complete_lesson(person, first)

    current = standing(rule, person)

    assert current.eligible is eligible
    if not eligible:
        assert second.title in current.missing[0]


def test_session_rule_uses_the_sessions_attendance_threshold():
    session = held_session(attendance_threshold=80)
    enough, short = learner("Lý Thường Kiệt"), learner("Trần Hưng Đạo")
    attend(session, enough, 100)
    attend(session, short, 50)
    rule = CertificateRule.objects.create(session=session)

    rows = {s.person.pk: s for s in standings(rule, [enough, short])}

    assert rows[enough.pk].eligible
    assert not rows[short.pk].eligible
    assert "50%" in rows[short.pk].missing[0] and "80%" in rows[short.pk].missing[0]
    rule.min_attendance = 40
    rule.save()
    assert standing(rule, short).eligible


def test_preview_lists_everyone_in_the_managers_scope():
    home = department("Quảng Trị")
    manager = make_person(Role.PROVINCE_MANAGER, unit=home)
    course, rule = course_with_rule()
    ours, theirs = (
        learner("Ngô Quyền", unit=home),
        learner("Đinh Bộ Lĩnh", unit=department("Ninh Bình")),
    )
    for person in (ours, theirs):
        course_services.enrol(person, course)

    assert list(people_for(rule, manager)) == [ours]
    assert set(people_for(rule)) == {ours, theirs}


def test_grant_and_block_by_hand_need_a_reason_and_are_audited(django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    course, rule = course_with_rule()
    absent, done = learner("Lê Lợi"), learner("Nguyễn Trãi")
    course_services.enrol(absent, course)
    finish_course(done, course)

    with pytest.raises(ReasonRequired):
        services.decide(rule, absent, decision=OverrideDecision.GRANT, by=admin, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            rule, absent, decision=OverrideDecision.GRANT, by=admin, reason="Học bù có xác nhận"
        )
    services.decide(rule, done, decision=OverrideDecision.BLOCK, by=admin, reason="Gian lận")

    assert standing(rule, absent).eligible
    assert Certificate.objects.filter(person=absent, course=course, status="valid").exists()
    assert not standing(rule, done).eligible
    assert standing(rule, done).state == "blocked"
    kinds = list(CertificateEvent.objects.order_by("pk").values_list("kind", "reason"))
    assert (EventKind.GRANTED, "Học bù có xác nhận") in kinds
    assert (EventKind.BLOCKED, "Gian lận") in kinds

    services.withdraw_decision(rule, done, by=admin, reason="Đã xác minh lại")
    assert standing(rule, done).eligible
    learner_user = learner("Học Viên")
    with pytest.raises(NotAllowed):
        services.decide(rule, done, decision="grant", by=learner_user, reason="Tự cấp")


def test_completing_the_course_issues_automatically_after_commit(
    django_capture_on_commit_callbacks,
):
    course, rule = course_with_rule()
    person = learner("Hồ Xuân Hương")
    course_services.enrol(person, course)
    *first, last = lessons(course)
    for lesson in first:
        course_services.complete_lesson(person, lesson)
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        course_services.complete_lesson(person, last)
        assert not Certificate.objects.exists()  # nothing before the commit

    assert callbacks
    certificate = Certificate.objects.get(person=person, course=course)
    assert certificate.status == "valid"
    assert certificate.rule == rule


def test_a_course_without_a_rule_issues_nothing(django_capture_on_commit_callbacks):
    course, rule = course_with_rule()
    rule.delete()
    person = learner()
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(person, course)
    assert not Certificate.objects.exists()


def test_attendance_reaching_the_threshold_issues_the_session_certificate(
    django_capture_on_commit_callbacks,
):
    trainer = make_person(Role.TRAINER)
    session = held_session(attendance_threshold=80)
    person = learner("Nguyễn Thị Định")
    attend(session, person, 0)
    first, second = Part.objects.filter(session=session).order_by("starts_at")

    with django_capture_on_commit_callbacks(execute=True):
        mark_roster(trainer, first, {person.pk: "co_mat"}, now=first.starts_at)
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        mark_roster(trainer, second, {person.pk: "co_mat"}, now=second.starts_at)

    certificate = Certificate.objects.get(person=person, session=session)
    assert certificate.snapshot["attendance"] == "100%"
    assert certificate.snapshot["hours"] == "6"
    assert certificate.snapshot["achievement_type"] == "session"


def test_a_session_quiz_must_be_passed_too(django_capture_on_commit_callbacks):
    from quizzes import signals as quiz_signals
    from tests.factories import make_course

    course = make_course(title="Khóa học kèm hội nghị")
    quiz = add_quiz(course)
    session = held_session(attendance_threshold=50, quiz=quiz)
    person = learner("Võ Nguyên Giáp")
    attend(session, person, 100)
    rule = CertificateRule.objects.create(session=session)
    assert not standing(rule, person).eligible

    passed = result(quiz, person, "85", passed=True)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_signals.quiz_passed.send(
            sender=QuizResult, user=person, quiz=quiz, attempt=None, result=passed
        )

    certificate = Certificate.objects.get(person=person, session=session)
    assert certificate.snapshot["score"] == "85%"


def test_automatic_issue_skips_someone_who_already_holds_one(django_capture_on_commit_callbacks):
    course, rule = course_with_rule()
    person = learner()
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(person, course)
    assert services.check_and_issue(rule.pk, person.pk) is None
    assert Certificate.objects.count() == 1
