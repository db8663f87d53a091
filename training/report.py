"""The session report: invited, registered, attended and passed, by province; XLSX export.

Scoped through people.scope: a province manager sees their own province's row and people only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lib.spreadsheets import Sheet, xlsx_bytes
from people.models import StaffProfile, User
from people.roles import Role, has_role
from people.scope import Reach, scope_of, scope_to, visible_provinces
from training.models import Registration, RegistrationStatus, Session
from training.selectors import passed_quiz_user_ids


def can_view_report(viewer: User | AnonymousUser) -> bool:
    return has_role(viewer, Role.MINISTRY_ADMIN) or has_role(viewer, Role.PROVINCE_MANAGER)


@dataclass
class ProvinceRow:
    name: str
    invited: int = 0
    registered: int = 0
    attended: int = 0
    passed: int = 0


@dataclass(frozen=True)
class PersonRow:
    name: str
    unit: str
    province: str
    email: str
    status: str
    attendance_percent: int
    attendance_met: bool
    passed: bool


@dataclass
class SessionReport:
    session: Session
    rows: list[ProvinceRow]
    total: ProvinceRow
    people: list[PersonRow]
    has_quiz: bool


def _invited_profiles(session: Session) -> Q:
    provinces = list(session.invited_provinces.values_list("pk", flat=True))
    units = list(session.invited_units.values_list("pk", flat=True))
    if not provinces and not units:
        return Q()
    return Q(unit__province__in=provinces) | Q(unit__in=units) | Q(unit__parent__in=units)


def session_report(viewer: User | AnonymousUser, session: Session) -> SessionReport:
    """Counts by province and the list of people, within the viewer's scope."""
    scope = scope_of(viewer)
    provinces = {p.pk: p for p in visible_provinces(viewer)}
    invited: dict[int | None, int] = dict(
        StaffProfile.objects.filter(_invited_profiles(session), user__is_active=True)
        .values("unit__province_id")
        .annotate(n=Count("pk"))
        .values_list("unit__province_id", "n")
    )
    registrations = list(
        scope_to(
            viewer,
            Registration.objects.filter(session=session),
            province="user__profile__unit__province",
            person="user",
        ).select_related("user__profile__unit__province", "session")
    )
    passed_ids = passed_quiz_user_ids(session)
    registered: Counter[int | None] = Counter()
    attended: Counter[int | None] = Counter()
    passed: Counter[int | None] = Counter()
    people = []
    for registration in registrations:
        profile = getattr(registration.user, "profile", None)
        province = profile.unit.province if profile else None
        key = province.pk if province else None
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        if confirmed:
            registered[key] += 1
            attended[key] += registration.attendance_met
            passed[key] += registration.user_id in passed_ids
        people.append(
            PersonRow(
                name=registration.user.get_full_name(),
                unit=profile.unit.name if profile else "",
                province=province.name if province else "",
                email=registration.user.email,
                status=registration.get_status_display(),
                attendance_percent=registration.attendance_percent,
                attendance_met=registration.attendance_met,
                passed=registration.user_id in passed_ids,
            )
        )
    people.sort(key=lambda row: (row.province, row.unit, row.name))
    rows = []
    keys: list[int | None] = sorted(
        {k for k in (*invited, *registered) if k is None or k in provinces},
        key=lambda k: provinces[k].name if k is not None else "",
    )
    for key in keys:
        if key is None and scope.reach is not Reach.ALL:
            continue
        row = ProvinceRow(
            name=provinces[key].name if key is not None else _("Ministry units"),
            invited=invited.get(key, 0),
            registered=registered[key],
            attended=attended[key],
            passed=passed[key],
        )
        rows.append(row)
    total = ProvinceRow(
        name=_("Total"),
        invited=sum(r.invited for r in rows),
        registered=sum(r.registered for r in rows),
        attended=sum(r.attended for r in rows),
        passed=sum(r.passed for r in rows),
    )
    return SessionReport(session, rows, total, people, has_quiz=session.quiz_id is not None)


def report_workbook(report: SessionReport) -> bytes:
    """The report as an .xlsx file: one sheet by province, one sheet of people."""
    yes, no = _("Yes"), _("No")
    summary = Sheet(
        _("By province"),
        [_("Province"), _("Invited"), _("Registered"), _("Attended"), _("Passed the quiz")],
        [
            [row.name, row.invited, row.registered, row.attended, row.passed]
            for row in [*report.rows, report.total]
        ],
        caption=report.session.title,
    )
    people = Sheet(
        _("People"),
        [
            _("Full name"),
            _("Unit"),
            _("Province"),
            _("E-mail"),
            _("Registration"),
            _("Attendance (%)"),
            _("Attendance reached"),
            _("Passed the quiz"),
        ],
        [
            [
                person.name,
                person.unit,
                person.province,
                person.email,
                person.status,
                person.attendance_percent,
                yes if person.attendance_met else no,
                yes if person.passed else no,
            ]
            for person in report.people
        ],
    )
    return xlsx_bytes([summary, people])
