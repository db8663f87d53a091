"""Read queries behind every report, export and the API; all of them start from scope.

Every query here begins with `scoped_course_facts`, `scoped_session_facts`, `scoped_staff`
(through `people.scope.scope_to`) or `people.scope.visible_provinces`: a province manager's
queries can only ever reach their own province's rows, whatever ids a URL or filter names.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Field
from lib.percent import rounded_percent
from people.models import Level, Province, StaffProfile, Unit, User
from people.roles import Role, has_role
from people.scope import Reach, scope_of, scope_to, visible_provinces
from reports.filters import ReportFilters
from reports.models import CourseFact, CourseMonth, SessionFact, UnitStaff
from training.models import ACTIVE_STATUSES, Session

Viewer = User | AnonymousUser

_KINDS_OF_LEVEL = {
    Level.PROVINCE: [Unit.Kind.DEPARTMENT],
    Level.COMMUNE: [Unit.Kind.COMMUNE],
}


def can_view_reports(viewer: Viewer) -> bool:
    """Ministry admins and province managers (with a province) read the managers' reports."""
    reach = scope_of(viewer).reach
    return (reach is Reach.ALL and has_role(viewer, Role.MINISTRY_ADMIN)) or (
        reach is Reach.PROVINCE and has_role(viewer, Role.PROVINCE_MANAGER)
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


RowT = TypeVar("RowT", CourseFact, CourseMonth)


def _in_courses(rows: QuerySet[RowT], filters: ReportFilters) -> QuerySet[RowT]:
    """The field, course and level filters, on the columns facts and monthly counts share."""
    if filters.field_id is not None:
        rows = rows.filter(field_id=filters.field_id)
    if filters.course_id is not None:
        rows = rows.filter(course_id=filters.course_id)
    if filters.level:
        rows = rows.filter(level=filters.level)
    return rows


def scoped_course_facts(viewer: Viewer, filters: ReportFilters) -> QuerySet[CourseFact]:
    facts = scope_to(viewer, CourseFact.objects.all(), province="province", person="user")
    facts = _in_courses(facts, filters)
    if filters.start is not None:
        facts = facts.filter(enrolled_at__gte=_day_start(filters.start))
    if filters.end is not None:
        facts = facts.filter(enrolled_at__lt=_day_start(filters.end + datetime.timedelta(days=1)))
    if filters.session_id is not None:
        facts = facts.filter(
            user_id__in=SessionFact.objects.filter(session_id=filters.session_id).values("user_id")
        )
    return facts


def scoped_session_facts(viewer: Viewer, filters: ReportFilters) -> QuerySet[SessionFact]:
    facts = scope_to(viewer, SessionFact.objects.all(), province="province", person="user")
    if filters.session_id is not None:
        facts = facts.filter(session_id=filters.session_id)
    if filters.course_id is not None:
        facts = facts.filter(course_id=filters.course_id)
    if filters.level:
        facts = facts.filter(level=filters.level)
    return facts


def scoped_staff(viewer: Viewer, filters: ReportFilters) -> QuerySet[StaffProfile]:
    """Active staff of the provinces (ministry staff are not counted), within scope."""
    units = Unit.objects.filter(province__isnull=False)
    if filters.level:
        units = units.filter(kind__in=_KINDS_OF_LEVEL.get(Level(filters.level), []))
    # Semi- and anti-joins on small sets, not a join of every profile with its user and unit.
    staff = StaffProfile.objects.filter(unit__in=units).exclude(
        Exists(User.objects.filter(pk=OuterRef("user_id"), is_active=False))
    )
    return scope_to(viewer, staff, province="unit__province", person="user")


def staff_by_unit(viewer: Viewer, filters: ReportFilters) -> dict[int, int]:
    """Active staff per unit, from the stored counts, within scope."""
    counts = UnitStaff.objects.filter(province__in=visible_provinces(viewer))
    if filters.level:
        counts = counts.filter(level=filters.level)
    return dict(counts.values_list("unit_id", "staff"))


def staff_by_province(viewer: Viewer, filters: ReportFilters) -> dict[int, int]:
    counts = staff_by_unit(viewer, filters)
    province_of = dict(
        UnitStaff.objects.filter(pk__in=list(counts)).values_list("pk", "province_id")
    )
    totals: dict[int, int] = {}
    for unit_id, n in counts.items():
        totals[province_of[unit_id]] = totals.get(province_of[unit_id], 0) + n
    return totals


def visible_province(viewer: Viewer, province_id: int) -> Province:
    province = visible_provinces(viewer).filter(pk=province_id).first()
    if province is None:
        raise Http404
    return province


def visible_unit(viewer: Viewer, unit_id: int) -> Unit:
    unit = (
        Unit.objects.filter(pk=unit_id, province__in=visible_provinces(viewer))
        .select_related("province", "parent")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def visible_person(viewer: Viewer, user_id: int) -> StaffProfile:
    profile = (
        StaffProfile.objects.filter(user_id=user_id, unit__province__in=visible_provinces(viewer))
        .select_related("user", "unit", "unit__province")
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def last_updated(viewer: Viewer) -> datetime.datetime | None:
    """When the facts this viewer can see last changed: one query (two index probes) while
    there is any course fact."""
    sessions = scoped_session_facts(viewer, ReportFilters()).order_by("-updated_at")
    latest = (
        scoped_course_facts(viewer, ReportFilters())
        .order_by("-updated_at")
        .annotate(session_at=Subquery(sessions.values("updated_at")[:1]))
        .values_list("updated_at", "session_at")
        .first()
    )
    if latest is None:
        return sessions.values_list("updated_at", flat=True).first()
    return max((at for at in latest if at is not None), default=None)


# --- The province × field matrix ---------------------------------------------------------


@dataclass
class Cell:
    enrolled: int = 0
    completed: int = 0
    certified: int = 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(
            self.enrolled + other.enrolled,
            self.completed + other.completed,
            self.certified + other.certified,
        )

    @property
    def percent(self) -> int | None:
        """Share of the enrolled who completed."""
        return rounded_percent(self.completed, self.enrolled) if self.enrolled else None

    @property
    def heat(self) -> str:
        """A colour step for the heat map: "none", or 0 (low) to 5 (high)."""
        percent = self.percent
        return "none" if percent is None else str(min(percent // 20, 5))


@dataclass(frozen=True)
class Column:
    field_id: int | None
    name: str


@dataclass
class MatrixRow:
    province: Province | None
    staff: int
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[MatrixRow]
    total: MatrixRow
    updated_at: datetime.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _cell_counts(facts: QuerySet[CourseFact], *group: str) -> QuerySet[Any]:
    return facts.values(*group).annotate(
        enrolled=Count("user_id", distinct=True),
        completed=Count("user_id", distinct=True, filter=Q(completed_at__isnull=False)),
        certified=Count("user_id", distinct=True, filter=Q(certificate_id__isnull=False)),
    )


def _cell(row: dict[str, Any] | None) -> Cell:
    if row is None:
        return Cell()
    return Cell(row["enrolled"], row["completed"], row["certified"])


def _columns(filters: ReportFilters, general: bool) -> list[Column]:
    fields = Field.objects.order_by("sort_order", "name")
    if filters.field_id is not None:
        fields = fields.filter(pk=filters.field_id)
    if filters.course_id is not None:
        course_field = (
            CoursePage.objects.filter(pk=filters.course_id)
            .values_list("field_id", flat=True)
            .first()
        )
        fields = fields.filter(pk=course_field)
        general = course_field is None
    columns = [Column(f.pk, f.short_name or f.name) for f in fields]
    if general and filters.field_id is None:
        columns.append(Column(None, _("General")))
    return columns


def completion_matrix(
    viewer: Viewer, filters: ReportFilters, *, province_id: int | None = None
) -> Matrix:
    """Staff, enrolled, completed and certified people per province and field."""
    provinces = list(visible_provinces(viewer).order_by("folded_name"))
    if province_id is not None:
        provinces = [visible_province(viewer, province_id)]
    facts = scoped_course_facts(viewer, filters)
    if province_id is not None:
        facts = facts.filter(province_id=province_id)
    by_cell = {
        (r["province_id"], r["field_id"]): r for r in _cell_counts(facts, "province_id", "field_id")
    }
    by_province = {r["province_id"]: _cell(r) for r in _cell_counts(facts, "province_id")}
    # Each person's facts carry their one province, so summing over provinces counts no one
    # twice: the field totals and the grand total need no query of their own.
    by_field: dict[int | None, Cell] = {}
    for (_province, field_id), r in by_cell.items():
        by_field[field_id] = by_field.get(field_id, Cell()) + _cell(r)
    overall = sum(by_province.values(), Cell())
    staff = {
        place: n
        for place, n in staff_by_province(viewer, filters).items()
        if province_id is None or place == province_id
    }
    columns = _columns(filters, general=None in by_field)
    rows = [
        MatrixRow(
            province=province,
            staff=staff.get(province.pk, 0),
            cells=[_cell(by_cell.get((province.pk, column.field_id))) for column in columns],
            total=by_province.get(province.pk, Cell()),
        )
        for province in provinces
    ]
    total = MatrixRow(
        province=None,
        staff=sum(staff.values()),
        cells=[by_field.get(column.field_id, Cell()) for column in columns],
        total=overall,
    )
    return Matrix(columns=columns, rows=rows, total=total)


# --- Drill-down: province → unit → person ------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    staff: int
    cell: Cell


def province_units(viewer: Viewer, province: Province, filters: ReportFilters) -> list[UnitRow]:
    """Each unit of the province (its Department and communes) that has staff or learners."""
    facts = scoped_course_facts(viewer, filters).filter(province=province)
    by_unit = {r["unit_id"]: r for r in _cell_counts(facts, "unit_id")}
    in_province = set(Unit.objects.filter(province=province).values_list("pk", flat=True))
    staff = {
        unit_id: n
        for unit_id, n in staff_by_unit(viewer, filters).items()
        if unit_id in in_province
    }
    units = Unit.objects.filter(province=province, pk__in=set(staff) | set(by_unit)).order_by(
        "kind", "name"
    )
    # The Department (tỉnh) before its communes (xã).
    ordered = sorted(units, key=lambda u: (u.kind != Unit.Kind.DEPARTMENT, u.folded_name))
    return [UnitRow(unit, staff.get(unit.pk, 0), _cell(by_unit.get(unit.pk))) for unit in ordered]


@dataclass
class PersonRow:
    profile: StaffProfile
    facts: list[CourseFact]


def unit_people(viewer: Viewer, unit: Unit, filters: ReportFilters) -> list[PersonRow]:
    """The unit's staff, each with their course facts (none if not enrolled)."""
    profiles = (
        scoped_staff(viewer, ReportFilters(level=filters.level))
        .filter(unit=unit)
        .select_related("user")
        .order_by("folded_name")
    )
    facts: dict[int, list[CourseFact]] = {}
    for fact in (
        scoped_course_facts(viewer, filters)
        .filter(unit=unit)
        .select_related("course", "certificate")
        .order_by("course__title")
    ):
        facts.setdefault(fact.user_id, []).append(fact)
    rows = [PersonRow(profile, facts.get(profile.user_id, [])) for profile in profiles]
    if filters.is_set and (filters.course_id or filters.field_id or filters.session_id):
        rows = [row for row in rows if row.facts]
    return rows


@dataclass
class PersonDetail:
    profile: StaffProfile
    courses: list[CourseFact]
    sessions: list[SessionFact]


def person_detail(viewer: Viewer, user_id: int) -> PersonDetail:
    profile = visible_person(viewer, user_id)
    courses = list(
        scoped_course_facts(viewer, ReportFilters())
        .filter(user_id=user_id)
        .select_related("course", "field", "certificate")
        .order_by("course__title")
    )
    sessions = list(
        scoped_session_facts(viewer, ReportFilters())
        .filter(user_id=user_id)
        .select_related("session", "certificate")
        .order_by("-registered_at")
    )
    return PersonDetail(profile, courses, sessions)


# --- Per course and per session ----------------------------------------------------------


@dataclass
class CourseProvinceRow:
    province: Province | None
    enrolled: int
    not_started: int
    completed: int
    average_progress: float | None
    average_score: float | None
    passed: int
    certified: int

    @property
    def in_progress(self) -> int:
        return self.enrolled - self.not_started - self.completed

    @property
    def percent(self) -> int | None:
        return rounded_percent(self.completed, self.enrolled) if self.enrolled else None


def visible_course(course_id: int) -> CoursePage:
    course = CoursePage.objects.filter(pk=course_id).select_related("field").first()
    if course is None:
        raise Http404
    return course


def course_by_province(
    viewer: Viewer, course: CoursePage, filters: ReportFilters
) -> list[CourseProvinceRow]:
    facts = scoped_course_facts(viewer, filters).filter(course=course)
    rows = {
        r["province_id"]: r
        for r in facts.values("province_id").annotate(
            enrolled=Count("pk"),
            not_started=Count("pk", filter=Q(lessons_done=0, completed_at__isnull=True)),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            average_progress=Avg("progress_percent"),
            average_score=Avg("best_score"),
            passed=Count("pk", filter=Q(passed=True)),
            certified=Count("pk", filter=Q(certificate_id__isnull=False)),
        )
    }
    result = []
    for province in visible_provinces(viewer).order_by("folded_name"):
        r = rows.get(province.pk)
        result.append(_course_row(province, r))
    return result


def _course_row(province: Province | None, r: Mapping[str, Any] | None) -> CourseProvinceRow:
    if r is None:
        return CourseProvinceRow(province, 0, 0, 0, None, None, 0, 0)
    return CourseProvinceRow(
        province,
        r["enrolled"],
        r["not_started"],
        r["completed"],
        float(r["average_progress"]) if r["average_progress"] is not None else None,
        float(r["average_score"]) if r["average_score"] is not None else None,
        r["passed"],
        r["certified"],
    )


@dataclass
class SessionProvinceRow:
    province: Province
    registered: int
    confirmed: int
    attended: int
    certified: int


def visible_session(session_id: int) -> Session:
    session = Session.objects.filter(pk=session_id).select_related("course").first()
    if session is None:
        raise Http404
    return session


def session_by_province(
    viewer: Viewer, session: Session, filters: ReportFilters
) -> list[SessionProvinceRow]:
    facts = scoped_session_facts(viewer, filters).filter(session=session)
    rows = {
        r["province_id"]: r
        for r in facts.values("province_id").annotate(
            registered=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            confirmed=Count("pk", filter=Q(status="confirmed")),
            attended=Count("pk", filter=Q(attended=True)),
            certified=Count("pk", filter=Q(certificate_id__isnull=False)),
        )
    }
    return [
        SessionProvinceRow(
            province,
            *(
                (rows[province.pk][k] for k in ("registered", "confirmed", "attended", "certified"))
                if province.pk in rows
                else (0, 0, 0, 0)
            ),
        )
        for province in visible_provinces(viewer).order_by("folded_name")
    ]


def session_people(
    viewer: Viewer, session: Session, filters: ReportFilters
) -> QuerySet[SessionFact]:
    return (
        scoped_session_facts(viewer, filters)
        .filter(session=session)
        .select_related("user__profile", "unit", "province", "certificate")
        .order_by("province__folded_name", "user__profile__folded_name")
    )


# --- Over time -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    enrolled: int
    completed: int
    certified: int


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the `count` months ending with `today`'s month, oldest first."""
    months = []
    year, month = today.year, today.month
    for _step in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def completion_over_time(
    viewer: Viewer, filters: ReportFilters, *, months: int = 12
) -> list[MonthCount]:
    """Enrolments, completions and certificates per month over the last `months` months."""
    today = timezone.localdate()
    buckets = months_back(today, months)
    keys = [month.year * 100 + month.month for month in buckets]
    series = stored_months(viewer, filters, keys[0])
    if series is None:
        series = counted_months(viewer, filters, keys[0])
    return [
        MonthCount(month, *series.get(key, (0, 0, 0)))
        for month, key in zip(buckets, keys, strict=True)
    ]


MonthSeries = dict[int, tuple[int, int, int]]


def stored_months(viewer: Viewer, filters: ReportFilters, first: int) -> MonthSeries | None:
    """The months from the stored monthly counts (a few hundred rows), or None when the
    filters need what they do not keep: a date range of enrolment or a session's people."""
    if filters.start is not None or filters.end is not None or filters.session_id is not None:
        return None
    scope = scope_of(viewer)
    counts = CourseMonth.objects.filter(month__gte=first)
    if scope.reach is Reach.PROVINCE and scope.province_id is not None:
        counts = counts.filter(province_id=scope.province_id)
    elif scope.reach is not Reach.ALL:
        return None
    return {
        month: (enrolled, completed, certified)
        for month, enrolled, completed, certified in _in_courses(counts, filters)
        .values("month")
        .annotate(Sum("enrolled"), Sum("completed"), Sum("certified"))
        .values_list("month", "enrolled__sum", "completed__sum", "certified__sum")
        .order_by()
    }


def counted_months(viewer: Viewer, filters: ReportFilters, first: int) -> MonthSeries:
    """The months counted from the facts themselves, under any filter."""
    counts: dict[int, list[int]] = {}
    # One grouped scan gives the three series (a query each would scan thrice).
    recent = (
        Q(enrolled_month__gte=first) | Q(completed_month__gte=first) | Q(certified_month__gte=first)
    )
    for *months, n in (
        scoped_course_facts(viewer, filters)
        .filter(recent)
        .values_list("enrolled_month", "completed_month", "certified_month")
        .annotate(n=Count("*"))
        .order_by()
    ):
        for series, month in enumerate(months):
            if month is not None and month >= first:
                counts.setdefault(month, [0, 0, 0])[series] += n
    return {month: (e, c, x) for month, (e, c, x) in counts.items()}
