"""Quiz statistics as CSV (UTF-8 with BOM, for Excel) and XLSX tables."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lib.spreadsheets import safe_cell
from quizzes.models import Attempt, QuestionKind
from quizzes.statistics import QuizStatistics

Table = tuple[list[str], list[list[Any]]]


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Table]]) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, (header, rows) in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
