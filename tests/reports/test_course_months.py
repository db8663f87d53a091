"""The monthly counts behind the chart over time stay equal to the course facts after every
kind of write to the facts (the database's triggers keep them), on SQLite and PostgreSQL; the
chart reads them, within scope, and gives what counting the facts gives."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import services as course_services
from people.models import Level, StaffProfile
from people.roles import Role
from reports import selectors
from reports.filters import ReportFilters
from reports.models import CourseFact, CourseMonth
from reports.services import rebuild_facts
from reports.services.course_facts import recategorise_course
from reports.services.placements import move_person
from tests.factories import DepartmentFactory, FieldFactory, make_course, make_person
from tests.reports.test_rebuild import varied_dataset

pytestmark = pytest.mark.django_db
Key = tuple[int, int, int, str, int]


def counted() -> dict[Key, tuple[int, int, int]]:
    """The monthly counts, computed here from the facts."""
    tally: Counter[tuple[Key, int]] = Counter()
    for fact in CourseFact.objects.all():
        place = (fact.province_id or 0, fact.course_id, fact.field_id or 0, fact.level)
        months = (fact.enrolled_month, fact.completed_month, fact.certified_month)
        for series, month in enumerate(months):
            if month is not None:
                tally[((*place, month), series)] += 1
    keys = {key for key, _series in tally}
    return {key: (tally[key, 0], tally[key, 1], tally[key, 2]) for key in keys}


def stored() -> dict[Key, tuple[int, int, int]]:
    """The monthly counts the triggers kept (rows counted down to nothing left out)."""
    return {
        (row.province_id, row.course_id, row.field_id, row.level, row.month): (
            row.enrolled,
            row.completed,
            row.certified,
        )
        for row in CourseMonth.objects.all()
        if (row.enrolled, row.completed, row.certified) != (0, 0, 0)
    }


def test_counts_follow_every_kind_of_write_to_the_facts() -> None:
    people = varied_dataset()  # the incremental path: upserts and deletes of stale facts
    assert stored() == counted()
    totals = [sum(counts[series] for counts in counted().values()) for series in range(3)]
    assert all(totals), totals  # enrolments, completions and certificates all counted

    # A person moves to another province (one UPDATE of their facts).
    elsewhere = DepartmentFactory(province__name="Điện Biên", province__code="dien-bien")
    StaffProfile.objects.filter(user=people["duc"]).update(unit=elsewhere)
    move_person(people["duc"].pk)
    assert CourseFact.objects.filter(user=people["duc"], province=elsewhere.province).exists()
    assert stored() == counted()

    # A course changes field.
    fact = CourseFact.objects.filter(user=people["nhung"]).first()
    assert fact is not None
    recategorise_course(fact.course_id, FieldFactory(name="Đổi mới sáng tạo").pk)
    assert stored() == counted()

    # A bulk update of months, and one that changes nothing counted.
    CourseFact.objects.filter(user=people["hoa"]).update(completed_month=202601)
    CourseFact.objects.update(progress_percent=50)
    assert stored() == counted()

    # Cascades: a person's account deleted, then a whole course page.
    people["hoa"].delete()
    assert stored() == counted()
    course = make_course(title="Khóa học bị xóa", modules=1, lessons_per_module=1)
    course_services.enrol(people["bo"], course)
    assert stored() == counted()
    course.delete()
    assert stored() == counted()

    # A rebuild (one DELETE and one INSERT … SELECT) from drifted facts.
    CourseFact.objects.update(enrolled_month=190001, level="")
    rebuild_facts()
    assert stored() == counted()
    assert totals[0] > 0 and not CourseMonth.objects.filter(month=190001).exclude(enrolled=0)


def test_the_chart_reads_the_counts_within_scope() -> None:
    manager_unit = DepartmentFactory(province__name="Quảng Trị", province__code="quang-tri")
    other_unit = DepartmentFactory(province__name="Hà Nội", province__code="ha-noi")
    field = FieldFactory(name="Sở hữu trí tuệ")
    course = make_course(title="Sở hữu trí tuệ cơ sở", field=field, modules=1, lessons_per_module=1)
    admin = make_person(Role.MINISTRY_ADMIN, unit=other_unit)
    manager = make_person(Role.PROVINCE_MANAGER, unit=manager_unit)
    here = [make_person(unit=manager_unit, full_name=f"Học viên {n}") for n in range(3)]
    there = [make_person(unit=other_unit, full_name=f"Cán bộ {n}") for n in range(2)]
    for person in (*here, *there):
        course_services.enrol(person, course)
    today = timezone.localdate()
    this_month = today.year * 100 + today.month

    with CaptureQueriesContext(connection) as queries:
        months = selectors.completion_over_time(manager, ReportFilters())
    assert months[-1].enrolled == 3  # Hà Nội's two are out of the manager's reach
    assert not any(CourseFact._meta.db_table in q["sql"] for q in queries.captured_queries)
    assert selectors.completion_over_time(admin, ReportFilters())[-1].enrolled == 5

    # Every filter the counts keep gives what counting the facts gives; the others count facts.
    for filters in (
        ReportFilters(),
        ReportFilters(field_id=field.pk),
        ReportFilters(course_id=course.pk),
        ReportFilters(level=Level.PROVINCE),
        ReportFilters(level=Level.COMMUNE),
    ):
        for viewer in (admin, manager):
            assert selectors.stored_months(viewer, filters, this_month) == (
                selectors.counted_months(viewer, filters, this_month)
            )
    assert selectors.stored_months(admin, ReportFilters(start=today), this_month) is None
    dated = selectors.completion_over_time(manager, ReportFilters(start=today))
    assert dated[-1].enrolled == 3


def test_emptying_both_tables_in_either_order_leaves_no_counts() -> None:
    varied_dataset()
    CourseMonth.objects.all().delete()  # as a flush may: the counts before the facts
    CourseFact.objects.all().delete()
    assert not CourseMonth.objects.exists()
