"""Quiz statistics as CSV (UTF-8 with BOM, for Excel) and XLSX tables."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.spreadsheets import CSV_TYPE, XLSX_TYPE, Sheet, csv_bytes, xlsx_bytes
from quizzes.models import Attempt, QuestionKind
from quizzes.statistics import QuizStatistics

Table = tuple[list[str], list[list[Any]]]


def _when(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value else None


def _number(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def attempts_table(attempts: QuerySet[Attempt]) -> Table:
    header = [
        _("Full name"),
        _("Username"),
        _("Unit"),
        _("Province"),
        _("Attempt"),
        _("Started at"),
        _("Submitted at"),
        _("Score"),
        _("Maximum score"),
        _("Grade (%)"),
        _("Passed"),
        _("Closed by the time limit"),
    ]
    rows = []
    for attempt in attempts:
        profile = getattr(attempt.user, "profile", None)
        unit = profile.unit if profile else None
        rows.append(
            [
                attempt.user.get_full_name(),
                attempt.user.get_username(),
                unit.name if unit else "",
                unit.province.name if unit and unit.province else "",
                attempt.number,
                _when(attempt.started_at),
                _when(attempt.submitted_at),
                float(attempt.score or 0),
                float(attempt.max_score),
                float(attempt.percent or 0),
                _("Yes") if attempt.passed else _("No"),
                _("Yes") if attempt.timed_out else _("No"),
            ]
        )
    return header, rows


def questions_table(statistics: QuizStatistics) -> Table:
    header = [
        _("Question"),
        _("Type"),
        _("Attempts"),
        _("Facility (%)"),
        _("Discrimination (%)"),
        _("Most chosen wrong answers"),
    ]
    kinds = dict(QuestionKind.choices)
    rows = [
        [
            row.name,
            str(kinds.get(row.kind, row.kind)),
            row.attempts,
            _number(row.facility),
            _number(row.discrimination),
            "; ".join(f"{text} ({count})" for text, count in row.wrong),
        ]
        for row in statistics.questions
    ]
    return header, rows


def csv_response(filename: str, table: Table) -> HttpResponse:
    header, rows = table
    response = HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Table]]) -> HttpResponse:
    content = xlsx_bytes([Sheet(title, header, rows) for title, (header, rows) in sheets])
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
