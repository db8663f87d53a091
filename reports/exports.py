"""Write a report table as CSV (UTF-8 with BOM, streamed) or XLSX, through lib.spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from lib import spreadsheets
from lib.spreadsheets import CSV_TYPE, XLSX_TYPE, Progress, Sheet
from reports.tables import Table

__all__ = ["CSV_TYPE", "XLSX_TYPE", "csv_lines", "write_xlsx"]


def csv_lines(table: Table, progress: Progress | None = None) -> Iterator[bytes]:
    """The table as CSV lines, BOM first, produced row by row."""
    return spreadsheets.csv_lines(table.header, table.rows, progress)


def write_xlsx(table: Table, output: IO[bytes], progress: Progress | None = None) -> int:
    """Write the table as one sheet; return the number of data rows."""
    return spreadsheets.write_xlsx([Sheet(table.title, table.header, table.rows)], output, progress)
