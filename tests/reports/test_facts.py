"""Completion facts follow every event that changes their sources, and equal a full rebuild."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import CertificateRule
from courses import services as course_services
from courses.models import Enrolment
from people.models import Level
from people.roles import Role
from quizzes import services as quiz_services
from reports.models import CourseFact, SessionFact, UnitStaff
from reports.services import rebuild_facts
from tests.certificates.factories import lessons
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    FieldFactory,
    make_course,
    make_person,
)
from tests.quizzes.factories import make_question, make_quiz
from tests.quizzes.helpers import answers
from tests.training.factories import make_session
from training import services as training_services
from training.models import AttendanceStatus

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[list[tuple[Any, ...]], ...]:
    course_fields = [
        f.attname for f in CourseFact._meta.concrete_fields if f.attname not in ("id", "updated_at")
    ]
    session_fields = [
        f.attname
        for f in SessionFact._meta.concrete_fields
        if f.attname not in ("id", "updated_at")
    ]
    return (
        sorted(CourseFact.objects.values_list(*course_fields)),
        sorted(SessionFact.objects.values_list(*session_fields)),
        sorted(UnitStaff.objects.values_list("unit_id", "province_id", "level", "staff")),
    )


@pytest.fixture
def world() -> dict[str, Any]:
    quang_tri = DepartmentFactory(province__name="Quảng Trị", province__code="quang-tri")
    commune = CommuneFactory(parent=quang_tri, province=quang_tri.province, name="Xã Hướng Hóa")
    ha_noi = DepartmentFactory(province__name="Hà Nội", province__code="ha-noi")
    return {
        "nhung": make_person(unit=quang_tri, full_name="Nguyễn Thị Hồng Nhung"),
        "duc": make_person(unit=commune, full_name="Trần Văn Đức"),
        "hoa": make_person(unit=ha_noi, full_name="Lê Thị Hòa"),
        "admin": make_person(Role.MINISTRY_ADMIN, unit=ha_noi),
        "trainer": make_person(Role.TRAINER, unit=ha_noi),
        "ha_noi": ha_noi,
    }


def test_enrolment_and_lessons_make_a_fact_with_the_persons_place(world):
    course = make_course(modules=1, lessons_per_module=4)
    nhung, duc = world["nhung"], world["duc"]
    course_services.enrol(nhung, course)
    course_services.complete_lesson(nhung, lessons(course)[0])
    course_services.enrol_group(world["admin"], course, unit=duc.profile.unit)

    fact = CourseFact.objects.get(user=nhung, course=course)
    assert (fact.progress_percent, fact.lessons_done, fact.lessons_total) == (25, 1, 4)
    assert fact.province_id == nhung.profile.unit.province_id
    assert fact.level == Level.PROVINCE and fact.field_id == course.field_id
    assert fact.assigned is False and fact.passed is None
    bulk = CourseFact.objects.get(user=duc, course=course)
    assert bulk.assigned is True and bulk.level == Level.COMMUNE and bulk.progress_percent == 0


def test_facts_follow_quizzes_sessions_certificates_moves_and_removals(world):
    nhung, duc, hoa = world["nhung"], world["duc"], world["hoa"]
    course = make_course(modules=1, lessons_per_module=2)
    quiz = make_quiz(course, [make_question()], pass_mark=50)
    CertificateRule.objects.create(course=course)
    other = make_course(title="Tần số vô tuyến điện", modules=1, lessons_per_module=1)
    for person in (nhung, duc, hoa):
        course_services.enrol(person, course)
    course_services.enrol(hoa, other)

    # Nhung passes the quiz and finishes the course; Đức fails it.
    attempt = quiz_services.start_attempt(nhung, quiz)
    quiz_services.submit_attempt(nhung, attempt.pk, answers(attempt, right=1))
    for lesson in lessons(course):
        if lesson.pk != quiz.pk:
            course_services.complete_lesson(nhung, lesson)
    attempt = quiz_services.start_attempt(duc, quiz)
    quiz_services.submit_attempt(duc, attempt.pk, answers(attempt, right=0))

    # A session of the course: Nhung attends both parts, Đức one.
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(parts=2, start=start, minutes=60, course=course)
    parts = list(session.parts.order_by("starts_at"))
    for person in (nhung, duc):
        training_services.register(person, session)
    training_services.mark_roster(
        world["trainer"],
        parts[0],
        {nhung.pk: AttendanceStatus.PRESENT, duc.pk: AttendanceStatus.PRESENT},
    )
    training_services.mark_roster(world["trainer"], parts[1], {nhung.pk: AttendanceStatus.LATE})

    certificate = certificate_services.issue_certificate(nhung, course=course, notify=False)
    revoked = certificate_services.issue_certificate(hoa, course=course, notify=False)
    certificate_services.revoke_certificate(revoked, by=world["admin"], reason="Cấp nhầm người")

    fact = CourseFact.objects.get(user=nhung, course=course)
    assert fact.completed_at is not None and fact.progress_percent == 100
    assert fact.best_score == Decimal("100.00") and fact.passed is True
    assert fact.sessions_attended == 1
    assert fact.certificate_id == certificate.pk and fact.certified_at == certificate.issued_at
    failed = CourseFact.objects.get(user=duc, course=course)
    assert failed.best_score == Decimal("0.00") and failed.passed is False
    assert failed.sessions_attended == 0
    assert CourseFact.objects.get(user=hoa, course=course).certificate_id is None
    attended = SessionFact.objects.get(user=nhung, session=session)
    assert attended.attended and attended.attendance_percent == 100
    half = SessionFact.objects.get(user=duc, session=session)
    assert not half.attended and half.attendance_percent == 50

    # Đức moves to the Hà Nội department; the course changes field; Hòa leaves a course.
    profile = duc.profile
    profile.unit = world["ha_noi"]
    profile.save()
    assert set(CourseFact.objects.filter(user=duc).values_list("province_id", "level")) == {
        (world["ha_noi"].province_id, Level.PROVINCE)
    }
    assert SessionFact.objects.get(user=duc).province_id == world["ha_noi"].province_id
    course.field = FieldFactory(name="Bức xạ và hạt nhân", slug="buc-xa")
    course.save()
    assert set(CourseFact.objects.filter(course=course).values_list("field_id", flat=True)) == {
        course.field_id
    }
    Enrolment.objects.get(user=hoa, course=other).delete()
    assert not CourseFact.objects.filter(user=hoa, course=other).exists()

    # Hòa's account is closed: she leaves her unit's staff count.
    hoa.is_active = False
    hoa.save()

    incremental = snapshot()
    CourseFact.objects.all().delete()
    SessionFact.objects.all().delete()
    UnitStaff.objects.all().delete()
    rebuilt = rebuild_facts()
    assert (rebuilt.course_facts, rebuilt.session_facts) == (3, 2)
    assert snapshot() == incremental


def test_rebuild_removes_facts_whose_source_is_gone_and_fixes_drift(world):
    course = make_course(modules=1, lessons_per_module=2)
    course_services.enrol(world["nhung"], course)
    course_services.complete_lesson(world["nhung"], lessons(course)[0])
    expected = snapshot()
    CourseFact.objects.update(progress_percent=0)
    stray = make_course(title="Khóa học đã gỡ", modules=1, lessons_per_module=1)
    CourseFact.objects.create(
        user=world["duc"], course=stray, enrolled_at=timezone.now(), progress_percent=10
    )
    call_command("rebuild_facts")
    assert snapshot() == expected


def test_staff_counts_follow_moves_closures_and_removals(world):
    counts = lambda: dict(UnitStaff.objects.values_list("unit_id", "staff"))  # noqa: E731
    quang_tri = world["nhung"].profile.unit
    commune = world["duc"].profile.unit
    ha_noi = world["ha_noi"]
    assert counts() == {quang_tri.pk: 1, commune.pk: 1, ha_noi.pk: 3}
    profile = world["duc"].profile
    profile.unit = quang_tri
    profile.save()
    assert counts() == {quang_tri.pk: 2, ha_noi.pk: 3}
    world["hoa"].is_active = False
    world["hoa"].save()
    assert counts()[ha_noi.pk] == 2
    world["nhung"].delete()
    assert counts()[quang_tri.pk] == 1


def test_a_sign_in_or_a_new_phone_number_touches_no_fact(world, django_assert_num_queries):
    nhung = world["nhung"]
    with django_assert_num_queries(1):
        nhung.save(update_fields=["last_login"])
    profile = nhung.profile
    profile.phone = "0912 345 678"
    with django_assert_num_queries(2):  # the unit as it was, then the save itself
        profile.save()


def test_report_cells_round_the_completion_share():
    from reports.selectors import Cell

    assert Cell(3, 2, 0).percent == 67
    assert Cell(3, 1, 0).percent == 33
    assert Cell(0, 0, 0).percent is None
