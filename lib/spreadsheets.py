"""The one writer of XLSX and CSV files: every cell safe to open in Excel and LibreOffice.

Every export of the site (reports, session reports, quiz statistics) goes through `write_xlsx`,
`xlsx_bytes` or `csv_lines`, so that text a spreadsheet would run as a formula never reaches a
file as one. Numbers stay numbers; dates are real dates shown as 13/11/2025.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lib.dates import short_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

Progress = Callable[[int], None]


def safe_cell(value: Any) -> Any:
    """`value`, with text that a spreadsheet would run as a formula turned into plain text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


@dataclass
class Sheet:
    """One sheet: an optional caption line, a bold header row, then the rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    caption: str = ""


def _naive(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: write the local wall-clock time.
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _naive(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return short_date(value)
    return safe_cell(value)


class _Line:
    """A file-like object whose write returns what was written (for streaming csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], progress: Progress | None = None
) -> Iterator[bytes]:
    """The table as CSV lines in UTF-8, BOM first, produced row by row."""
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow([_csv_value(value) for value in header])).encode("utf-8")
    for number, row in enumerate(rows, start=1):
        yield writer.writerow([_csv_value(value) for value in row]).encode("utf-8")
        if progress is not None and number % 1000 == 0:
            progress(number)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole table as one CSV file (UTF-8 with BOM)."""
    return b"".join(csv_lines(header, rows))


def _xlsx_cell(sheet: Any, value: Any, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_naive(value))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        # openpyxl reads any text starting with "=" as a formula; text stays text.
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    return cell


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: none of []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "Sheet1"


def write_xlsx(sheets: Sequence[Sheet], output: IO[bytes], progress: Progress | None = None) -> int:
    """Write the sheets into a write-only workbook; return the number of data rows written."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    written = 0
    for spec in sheets:
        sheet = workbook.create_sheet(title=sheet_title(spec.title))
        if spec.caption:
            sheet.append([_xlsx_cell(sheet, spec.caption, bold)])
        else:
            sheet.freeze_panes = "A2"
        sheet.append([_xlsx_cell(sheet, label, bold) for label in spec.header])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written)
    workbook.save(output)
    return written


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as the bytes of one .xlsx file."""
    output = io.BytesIO()
    write_xlsx(sheets, output)
    return output.getvalue()
