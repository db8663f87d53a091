"""`rebuild_facts` (one INSERT … SELECT per fact table) gives exactly the rows the incremental
path keeps, on a dataset that exercises every column and edge, on SQLite and PostgreSQL; and
its number of queries does not grow with the number of facts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import services as certificate_services
from courses import services as course_services
from courses.models import Enrolment
from people.models import Level, User
from people.roles import Role
from quizzes.models import QuizPage, QuizResult
from reports.models import CourseFact, SessionFact, UnitStaff
from reports.services import rebuild_facts, refresh_course_facts, refresh_session_facts
from tests.certificates.factories import lessons
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    MinistryUnitFactory,
    UserFactory,
    make_course,
    make_person,
)
from tests.quizzes.factories import make_quiz
from tests.training.factories import make_session
from training.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def snapshot() -> tuple[list[tuple[Any, ...]], ...]:
    def rows(model: Any) -> list[tuple[Any, ...]]:
        names = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "updated_at")
        ]
        return sorted(model.objects.values_list(*names), key=repr)

    return (
        rows(CourseFact),
        rows(SessionFact),
        sorted(UnitStaff.objects.values_list("unit_id", "province_id", "level", "staff")),
    )


def result(quiz: QuizPage, user: Any, percent: str, *, passed: bool) -> None:
    QuizResult.objects.create(
        quiz=quiz,
        user=user,
        percent=Decimal(percent),
        attempts=1,
        passed_at=datetime.datetime(2026, 5, 2, tzinfo=UTC) if passed else None,
    )


def register(session: Any, user: Any, *, minutes: int, of: int, percent: int) -> None:
    Registration.objects.create(
        session=session,
        user=user,
        status=RegistrationStatus.CONFIRMED,
        attended_minutes=minutes,
        session_minutes=of,
        attendance_percent=percent,
    )


def varied_dataset() -> dict[str, Any]:
    """People at every level (and one without a profile), courses with live, draft and no
    quizzes, passes and fails, attendance either side of the threshold (exact share and the
    legacy rounded percent), valid and revoked certificates, and dates on local month edges."""
    quang_tri = DepartmentFactory(province__name="Quảng Trị", province__code="quang-tri")
    commune = CommuneFactory(parent=quang_tri, province=quang_tri.province, name="Xã Hướng Hóa")
    ha_noi = DepartmentFactory(province__name="Hà Nội", province__code="ha-noi")
    people = {
        "nhung": make_person(unit=quang_tri, full_name="Nguyễn Thị Hồng Nhung"),
        "duc": make_person(unit=commune, full_name="Trần Văn Đức"),
        "hoa": make_person(unit=ha_noi, full_name="Lê Thị Hòa"),
        "bo": make_person(unit=MinistryUnitFactory(), full_name="Phạm Văn Bộ"),
        "nobody": UserFactory(username="khong.ho.so"),
    }
    admin = make_person(Role.MINISTRY_ADMIN, unit=ha_noi)
    quizzed = make_course(title="Chuyển giao công nghệ", modules=1, lessons_per_module=2)
    live_quiz = make_quiz(quizzed, slug="kiem-tra-1", title="Kiểm tra 1")
    second_quiz = make_quiz(quizzed, slug="kiem-tra-2", title="Kiểm tra 2")
    draft_quiz = make_quiz(quizzed, slug="kiem-tra-nhap", title="Bản nháp")
    draft_quiz.unpublish()
    plain = make_course(title="Tần số vô tuyến điện", modules=1, lessons_per_module=1)

    for person in people.values():
        course_services.enrol(person, quizzed)
    course_services.enrol_group(admin, plain, unit=commune)
    course_services.enrol(people["hoa"], plain)
    for lesson in lessons(quizzed):
        if not isinstance(lesson.specific, QuizPage):
            course_services.complete_lesson(people["nhung"], lesson)
    course_services.complete_lesson(people["hoa"], lessons(plain)[0])

    # Nhung passes both live quizzes; Đức passes one and fails one; Hòa passes only the
    # draft quiz, which does not count; Bộ has one failed result.
    result(live_quiz, people["nhung"], "90.50", passed=True)
    result(second_quiz, people["nhung"], "75", passed=True)
    result(live_quiz, people["duc"], "80", passed=True)
    result(second_quiz, people["duc"], "40.25", passed=False)
    result(draft_quiz, people["hoa"], "100", passed=True)
    result(live_quiz, people["bo"], "10", passed=False)

    # Sessions of the quizzed course at an 80 % threshold, and one without a course.
    exact = make_session(course=quizzed, attendance_threshold=80)
    legacy = make_session(course=quizzed, attendance_threshold=80)
    loose = make_session(attendance_threshold=50)
    register(exact, people["nhung"], minutes=48, of=60, percent=80)  # exactly 80 %: attended
    register(exact, people["duc"], minutes=191, of=240, percent=80)  # 79.6 %: not attended
    register(exact, people["hoa"], minutes=0, of=60, percent=0)
    register(legacy, people["nhung"], minutes=30, of=0, percent=80)  # legacy: percent counts
    register(legacy, people["duc"], minutes=30, of=0, percent=79)
    register(loose, people["bo"], minutes=30, of=60, percent=50)
    register(loose, people["nobody"], minutes=30, of=60, percent=50)

    certificate_services.issue_certificate(people["nhung"], course=quizzed, notify=False)
    revoked = certificate_services.issue_certificate(people["duc"], course=quizzed, notify=False)
    certificate_services.revoke_certificate(revoked, by=admin, reason="Cấp nhầm người")
    certificate_services.issue_certificate(people["bo"], session=loose, notify=False)

    # Local months (Asia/Ho_Chi_Minh, UTC+7) either side of midnight at the end of a month.
    Enrolment.objects.filter(user=people["nhung"], course=quizzed).update(
        enrolled_at=datetime.datetime(2026, 1, 31, 17, 30, tzinfo=UTC),  # 1 Feb local
        completed_at=datetime.datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC),  # still March
    )
    Enrolment.objects.filter(user=people["hoa"], course=quizzed).update(
        enrolled_at=datetime.datetime(2026, 3, 31, 17, 0, tzinfo=UTC)  # April local
    )
    # Sources written directly above: the incremental path refreshes their people.
    everyone = [user.pk for user in (*people.values(), admin)]
    refresh_course_facts(everyone)
    refresh_session_facts(everyone)
    return people


def test_rebuild_gives_the_rows_incremental_maintenance_keeps() -> None:
    people = varied_dataset()
    incremental = snapshot()
    course_facts, session_facts, _staff = incremental

    # The dataset reaches every case the statements distinguish.
    columns = [f.attname for f in CourseFact._meta.concrete_fields]
    passed = {row[columns.index("passed") - 1] for row in course_facts}
    assert passed == {True, False, None}
    attended = {row[columns.index("sessions_attended") - 1] for row in course_facts}
    assert attended == {0, 2}
    assert {row[columns.index("level") - 1] for row in course_facts} == {
        Level.MINISTRY,
        Level.PROVINCE,
        Level.COMMUNE,
        "",
    }
    nhung = CourseFact.objects.get(user=people["nhung"], certificate__isnull=False)
    assert (nhung.enrolled_month, nhung.completed_month) == (202602, 202603)
    assert nhung.best_score == Decimal("90.50") and nhung.passed is True
    assert CourseFact.objects.get(user=people["hoa"], passed__isnull=False).enrolled_month == (
        202604
    )
    assert SessionFact.objects.filter(attended=True).count() == 4
    assert SessionFact.objects.filter(certificate__isnull=False).count() == 1

    CourseFact.objects.all().delete()
    SessionFact.objects.all().delete()
    UnitStaff.objects.all().delete()
    rebuilt = rebuild_facts()
    assert (rebuilt.course_facts, rebuilt.session_facts) == (len(course_facts), len(session_facts))
    assert snapshot() == incremental


def test_rebuild_replaces_drifted_and_orphaned_facts() -> None:
    people = varied_dataset()
    expected = snapshot()
    CourseFact.objects.update(best_score=Decimal("1"), enrolled_month=190001, level="")
    SessionFact.objects.update(attended=False, province=None)
    orphan = make_course(title="Khóa học đã gỡ", modules=1, lessons_per_module=1)
    CourseFact.objects.create(
        user=people["bo"], course=orphan, enrolled_at=datetime.datetime(2026, 1, 1, tzinfo=UTC)
    )
    rebuild_facts()
    assert snapshot() == expected


def rebuild_queries(learners: int) -> int:
    """Queries of a rebuild that replaces `learners` course facts with as many."""
    course = make_course(title=f"Khóa {learners}", modules=1, lessons_per_module=1)
    users = User.objects.bulk_create(
        User(username=f"hv.{learners}.{n}", email=f"hv.{learners}.{n}@example.vn")
        for n in range(learners)
    )
    Enrolment.objects.bulk_create(Enrolment(user=user, course=course) for user in users)
    rebuild_facts()
    with CaptureQueriesContext(connection) as queries:
        rebuild_facts()
    assert CourseFact.objects.filter(course=course).count() == learners
    return len(queries)


def test_rebuild_queries_do_not_grow_with_the_facts() -> None:
    assert rebuild_queries(2) == rebuild_queries(250)


def test_deleting_a_unit_clears_it_from_facts_without_a_database_constraint() -> None:
    """Copied targets (field, province, unit, certificate) have no database constraint on
    the facts: the ORM's on_delete must still clear them, and the rebuild must agree."""
    people = varied_dataset()
    expected = snapshot()
    quang_tri = people["nhung"].profile.unit
    gone = CommuneFactory(parent=quang_tri, province=quang_tri.province, name="Xã đã sáp nhập")
    CourseFact.objects.filter(user=people["duc"]).update(unit=gone)
    SessionFact.objects.filter(user=people["duc"]).update(unit=gone)
    gone.delete()
    assert set(CourseFact.objects.filter(user=people["duc"]).values_list("unit", flat=True)) == {
        None
    }
    assert set(SessionFact.objects.filter(user=people["duc"]).values_list("unit", flat=True)) == {
        None
    }
    rebuild_facts()
    assert snapshot() == expected
