"""Every report as a plain table (header and rows) for XLSX and CSV exports.

A table is named and rebuilt from (viewer, params), so that a Celery worker can replay a
large export later under the same person's scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import selectors
from reports.filters import ReportFilters, read_filters
from reports.models import CourseFact
from reports.selectors import Viewer
from training.models import RegistrationStatus

Row = list[Any]


@dataclass
class Table:
    title: str
    stem: str
    header: list[str]
    rows: Iterable[Row]
    count: int


def _params(params: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(params)
    return query


def _filters(params: dict[str, str]) -> ReportFilters:
    _form, filters = read_filters(_params(params))
    if filters is None:
        raise Http404
    return filters


def _id(params: dict[str, str], key: str) -> int:
    try:
        return int(params[key])
    except (KeyError, ValueError) as error:
        raise Http404 from error


def _date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _score(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def matrix_table(viewer: Viewer, params: dict[str, str]) -> Table:
    province_id = _id(params, "province") if "province" in params else None
    matrix = selectors.completion_matrix(viewer, _filters(params), province_id=province_id)
    header = [_("Province"), _("Staff")]
    for column in [*matrix.columns, None]:
        name = column.name if column else _("All fields")
        header += [
            f"{name}: {_('enrolled')}",
            f"{name}: {_('completed')}",
            f"{name}: {_('certified')}",
            f"{name}: {_('completed (%)')}",
        ]
    rows = []
    for row in [*matrix.rows, matrix.total]:
        line: Row = [row.province.name if row.province else _("Total"), row.staff]
        for cell in [*row.cells, row.total]:
            line += [cell.enrolled, cell.completed, cell.certified, cell.percent]
        rows.append(line)
    return Table(_("Completion by province and field"), "tinh-linh-vuc", header, rows, len(rows))


def province_table(viewer: Viewer, params: dict[str, str]) -> Table:
    province = selectors.visible_province(viewer, _id(params, "province"))
    units = selectors.province_units(viewer, province, _filters(params))
    header = [
        _("Unit"),
        _("Level"),
        _("Staff"),
        _("Enrolled"),
        _("Completed"),
        _("Certified"),
        _("Completed (%)"),
    ]
    rows = [
        [
            row.unit.name,
            str(row.unit.level.label),
            row.staff,
            row.cell.enrolled,
            row.cell.completed,
            row.cell.certified,
            row.cell.percent,
        ]
        for row in units
    ]
    return Table(province.name, f"don-vi-{province.code}", header, rows, len(rows))


def _learner_header() -> list[str]:
    return [
        _("Full name"),
        _("Staff code"),
        _("Position"),
        _("Unit"),
        _("Province"),
        _("Course"),
        _("Enrolled on"),
        _("Assigned"),
        _("Progress (%)"),
        _("Completed on"),
        _("Best score (%)"),
        _("Passed"),
        _("Sessions attended"),
        _("Certificate number"),
        _("Certified on"),
    ]


def _fact_rows(facts: Iterable[CourseFact]) -> Iterator[Row]:
    for fact in facts:
        profile = getattr(fact.user, "profile", None)
        yield [
            profile.full_name if profile else fact.user.get_full_name(),
            profile.staff_code if profile else "",
            profile.position if profile else "",
            fact.unit.name if fact.unit else "",
            fact.province.name if fact.province else "",
            fact.course.title,
            _date(fact.enrolled_at),
            _yes_no(fact.assigned),
            fact.progress_percent,
            _date(fact.completed_at),
            _score(fact.best_score),
            _yes_no(fact.passed),
            fact.sessions_attended,
            fact.certificate.serial if fact.certificate else "",
            _date(fact.certified_at),
        ]


def learners_table(viewer: Viewer, params: dict[str, str]) -> Table:
    """Every person × course row the viewer may see, under the filters (can be large)."""
    facts = selectors.scoped_course_facts(viewer, _filters(params))
    if "province" in params:
        facts = facts.filter(province=selectors.visible_province(viewer, _id(params, "province")))
    if "unit" in params:
        facts = facts.filter(unit=selectors.visible_unit(viewer, _id(params, "unit")))
    count = facts.count()
    ordered = facts.select_related(
        "user__profile", "unit", "province", "course", "certificate"
    ).order_by(
        "province__folded_name", "unit__folded_name", "user__profile__folded_name", "course__title"
    )
    return Table(
        _("Learners and courses"),
        "hoc-vien-khoa-hoc",
        _learner_header(),
        _fact_rows(ordered.iterator(chunk_size=2000)),
        count,
    )


def person_table(viewer: Viewer, params: dict[str, str]) -> Table:
    detail = selectors.person_detail(viewer, _id(params, "person"))
    for fact in detail.courses:
        fact.user = detail.profile.user
    rows = list(_fact_rows(detail.courses))
    return Table(
        detail.profile.full_name,
        f"hoc-vien-{detail.profile.user_id}",
        _learner_header(),
        rows,
        len(rows),
    )


def course_table(viewer: Viewer, params: dict[str, str]) -> Table:
    course = selectors.visible_course(_id(params, "course"))
    rows_data = selectors.course_by_province(viewer, course, _filters(params))
    header = [
        _("Province"),
        _("Enrolled"),
        _("Not started"),
        _("In progress"),
        _("Completed"),
        _("Completed (%)"),
        _("Average progress (%)"),
        _("Average best score (%)"),
        _("Passed"),
        _("Certified"),
    ]
    rows = [
        [
            row.province.name if row.province else "",
            row.enrolled,
            row.not_started,
            row.in_progress,
            row.completed,
            row.percent,
            round(row.average_progress, 1) if row.average_progress is not None else None,
            round(row.average_score, 1) if row.average_score is not None else None,
            row.passed,
            row.certified,
        ]
        for row in rows_data
    ]
    return Table(course.title, f"khoa-hoc-{course.pk}", header, rows, len(rows))


def session_table(viewer: Viewer, params: dict[str, str]) -> Table:
    session = selectors.visible_session(_id(params, "session"))
    rows_data = selectors.session_by_province(viewer, session, _filters(params))
    header = [_("Province"), _("Registered"), _("Confirmed"), _("Attended"), _("Certified")]
    rows = [
        [row.province.name, row.registered, row.confirmed, row.attended, row.certified]
        for row in rows_data
    ]
    return Table(session.title, f"hoi-nghi-{session.pk}", header, rows, len(rows))


def session_people_table(viewer: Viewer, params: dict[str, str]) -> Table:
    session = selectors.visible_session(_id(params, "session"))
    facts = selectors.session_people(viewer, session, _filters(params))
    header = [
        _("Full name"),
        _("Unit"),
        _("Province"),
        _("Registration"),
        _("Attendance (%)"),
        _("Attended"),
        _("Certificate number"),
    ]

    def rows() -> Iterator[Row]:
        for fact in facts.iterator(chunk_size=2000):
            profile = getattr(fact.user, "profile", None)
            yield [
                profile.full_name if profile else fact.user.get_full_name(),
                fact.unit.name if fact.unit else "",
                fact.province.name if fact.province else "",
                str(RegistrationStatus(fact.status).label),
                fact.attendance_percent,
                _yes_no(fact.attended),
                fact.certificate.serial if fact.certificate else "",
            ]

    return Table(session.title, f"hoi-nghi-{session.pk}-hoc-vien", header, rows(), facts.count())


TABLES: dict[str, Callable[[Viewer, dict[str, str]], Table]] = {
    "matrix": matrix_table,
    "province": province_table,
    "learners": learners_table,
    "person": person_table,
    "course": course_table,
    "session": session_table,
    "session-people": session_people_table,
}


def build_table(viewer: Viewer, report: str, params: dict[str, str]) -> Table:
    """The named table under `viewer`'s scope; 404 for an unknown name or anything unseen."""
    builder = TABLES.get(report)
    if builder is None or not selectors.can_view_reports(viewer):
        raise Http404
    return builder(viewer, params)
