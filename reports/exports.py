"""Write a report table as CSV (UTF-8 with BOM, streamed) or XLSX (write-only workbook)."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lib.dates import short_date
from lib.spreadsheets import safe_cell
from reports.tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


class _Line:
    """A file-like object whose write returns what was written (for streaming csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return short_date(value)
    return safe_cell(value)


def csv_lines(table: Table, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The table as CSV lines, BOM first, produced row by row."""
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow(table.header)).encode("utf-8")
    for number, row in enumerate(table.rows, start=1):
        yield writer.writerow([_csv_value(value) for value in row]).encode("utf-8")
        if progress is not None and number % 1000 == 0:
            progress(number)


def write_xlsx(
    table: Table, output: IO[bytes], progress: Callable[[int], None] | None = None
) -> int:
    """Write the table as one sheet; return the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
    bold = Font(bold=True)
    header = []
    for label in table.header:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    written = 0
    for written, row in enumerate(table.rows, start=1):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        if progress is not None and written % 1000 == 0:
            progress(written)
    workbook.save(output)
    return written


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return safe_cell(value)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "Sheet1"
