"""The province × field matrix computed the naive way, straight from raw progress rows (no
facts), to time against the dashboard and to check that both agree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from certificates.models import Certificate, CertificateStatus
from courses.models import (
    Enrolment,
    LessonCompletion,
    LessonPage,
)
from people.models import StaffProfile
from reports.selectors import Matrix


@dataclass(frozen=True)
class Tally:
    """Staff per province and (enrolled, completed, certified) per province × field."""

    staff: dict[int, int]
    cells: dict[tuple[int, int], tuple[int, int, int]]


def _count(queryset: Any) -> Subquery:
    """The number of rows of `queryset` (correlated through OuterRef), as a scalar subquery."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def naive_matrix() -> Tally:
    """The dashboard's matrix from raw rows: each enrolment's completed lessons among its
    course's live lessons (stored progress is not trusted), and valid certificates."""
    course_lessons = LessonPage.objects.live().filter(path__startswith=OuterRef("course__path"))
    done = LessonCompletion.objects.filter(
        user_id=OuterRef("user_id"),
        lesson__live=True,
        lesson__path__startswith=OuterRef("course__path"),
    )
    certified = Certificate.objects.filter(
        person_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        status=CertificateStatus.VALID,
    )
    rows = (
        Enrolment.objects.order_by()
        .filter(
            user__is_active=True,
            user__profile__unit__province__isnull=False,
            course__live=True,
        )
        .annotate(
            done=Coalesce(_count(done), 0),
            total=_count(course_lessons),
            certified=Exists(certified),
        )
        .values(province=F("user__profile__unit__province_id"), field=F("course__field_id"))
        .annotate(
            enrolled=Count("user_id", distinct=True),
            completed=Count("user_id", distinct=True, filter=Q(total__gt=0, done__gte=F("total"))),
            certificates=Count("user_id", distinct=True, filter=Q(certified=True)),
        )
    )
    staff = (
        StaffProfile.objects.order_by()
        .filter(user__is_active=True, unit__province__isnull=False)
        .values("unit__province_id")
        .annotate(n=Count("pk"))
        .values_list("unit__province_id", "n")
    )
    return Tally(
        staff=dict(staff),
        cells={
            (r["province"], r["field"]): (r["enrolled"], r["completed"], r["certificates"])
            for r in rows
        },
    )


def facts_tally(matrix: Matrix) -> Tally:
    """The same numbers read off the facts matrix (empty cells left out)."""
    staff: dict[int, int] = {}
    cells: dict[tuple[int, int], tuple[int, int, int]] = {}
    for row in matrix.rows:
        assert row.province is not None
        if row.staff:
            staff[row.province.pk] = row.staff
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            if cell.enrolled and column.field_id is not None:
                cells[(row.province.pk, column.field_id)] = (
                    cell.enrolled,
                    cell.completed,
                    cell.certified,
                )
    return Tally(staff, cells)


def differences(naive: Tally, facts: Tally, matrix: Matrix) -> list[str]:
    """Where the two tallies disagree, and whether the facts matrix's totals row adds up."""
    found = []
    for key in sorted(set(naive.cells) | set(facts.cells), key=str):
        if naive.cells.get(key) != facts.cells.get(key):
            found.append(f"cell {key}: naive {naive.cells.get(key)} facts {facts.cells.get(key)}")
    for province in sorted(set(naive.staff) | set(facts.staff)):
        if naive.staff.get(province) != facts.staff.get(province):
            found.append(
                f"staff {province}: naive {naive.staff.get(province)} "
                f"facts {facts.staff.get(province)}"
            )
    # A person has one province, so the totals row is the column sums of the naive cells.
    by_field: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (_, field_id), counts in naive.cells.items():
        by_field[field_id] = [a + b for a, b in zip(by_field[field_id], counts, strict=True)]
    for column, cell in zip(matrix.columns, matrix.total.cells, strict=True):
        if column.field_id is None:
            continue
        got = [cell.enrolled, cell.completed, cell.certified]
        if got != by_field.get(column.field_id, [0, 0, 0]):
            found.append(f"total {column.name}: naive {by_field.get(column.field_id)} facts {got}")
    if matrix.total.staff != sum(naive.staff.values()):
        found.append(f"total staff: naive {sum(naive.staff.values())} facts {matrix.total.staff}")
    return found
