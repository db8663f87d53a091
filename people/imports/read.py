"""Reading a staff list from an XLSX or CSV file into plain rows of text.

Nothing here touches the database: a file is either turned into a `SourceTable` or refused with
one `ImportFileError` whose message can be shown to the person who uploaded it.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any, NoReturn

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from lib.text import fold

logger = logging.getLogger(__name__)

FIELDS = ("full_name", "email", "staff_code", "province", "unit", "position", "phone")

FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "email": gettext_lazy("E-mail"),
    "staff_code": gettext_lazy("Staff code"),
    "province": gettext_lazy("Province"),
    "unit": gettext_lazy("Unit"),
    "position": gettext_lazy("Position"),
    "phone": gettext_lazy("Phone"),
}

# The Vietnamese header each field is usually given in the ministry's templates.
VIETNAMESE_HEADERS = {
    "full_name": "Họ và tên",
    "email": "Email",
    "staff_code": "Mã cán bộ",
    "province": "Tỉnh/Thành phố",
    "unit": "Đơn vị",
    "position": "Chức vụ",
    "phone": "Số điện thoại",
}

# Accepted headers, compared after `header_key` (accent-folded, punctuation reduced to spaces).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "full name", "name"),
    "email": ("email", "e mail", "thu dien tu", "dia chi email", "dia chi thu dien tu"),
    "staff_code": ("ma can bo", "ma cb", "staff code"),
    "province": ("tinh thanh pho", "tinh tp", "tinh", "province"),
    "unit": ("don vi", "don vi cong tac", "unit"),
    "position": ("chuc vu", "position"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "phone"),
}
_FIELD_OF_HEADER = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}

# Spreadsheets often carry a title and blank lines above the header row.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 50
_XLSX_MAGIC = b"PK\x03\x04"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ZERO_FORMAT = re.compile(r"0{2,}")


class ImportFileError(Exception):
    """The file cannot be read as a staff list; the message says why, for the uploader."""


@dataclass(frozen=True)
class Line:
    number: int
    cells: list[str]
    # Positions of cells Excel stored as numbers: a leading 0 they had is lost.
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SourceRow:
    number: int
    values: dict[str, str]
    # Fields whose cell was a number in the workbook (phone, staff code: should be text).
    numeric: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SourceTable:
    columns: tuple[str, ...]
    rows: list[SourceRow]


def header_key(header: str) -> str:
    """The comparable form of a column header: "Tỉnh/Thành phố" -> "tinh thanh pho"."""
    return _NON_WORD.sub(" ", fold(header)).strip()


def field_for_header(header: str) -> str | None:
    """The staff field a column header names, or None for columns we do not read."""
    return _FIELD_OF_HEADER.get(header_key(header))


def read_table(file_name: str, content: bytes) -> SourceTable:
    """Read `content` (the bytes of a file called `file_name`) as a staff list.

    Raises ImportFileError when the file is empty, too large, not a readable XLSX or CSV, has
    too many rows or lacks a required column.
    """
    if not content:
        raise ImportFileError(_("The file is empty."))
    limit = settings.STAFF_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": _megabytes(limit)}
        )
    extension = PurePath(file_name).suffix.lower()
    if extension == ".xlsx":
        lines = _xlsx_lines(content)
    elif extension == ".csv":
        lines = _csv_lines(content)
    else:
        raise ImportFileError(_("Only .xlsx and .csv files can be imported."))
    return _table(lines)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _xlsx_lines(content: bytes) -> list[Line]:
    if not content.startswith(_XLSX_MAGIC):
        raise ImportFileError(_("The file is not a readable Excel (.xlsx) workbook."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl fails on damaged workbooks with many unrelated exception types.
        logger.info("unreadable staff import workbook: %r", exc)
        raise ImportFileError(_("The file is not a readable Excel (.xlsx) workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS)
        return _filled_lines(_xlsx_cells(row) for row in rows)
    except ImportFileError:
        raise
    except Exception as exc:
        logger.info("unreadable staff import sheet: %r", exc)
        raise ImportFileError(_("The file is not a readable Excel (.xlsx) workbook.")) from exc
    finally:
        workbook.close()


def _csv_lines(content: bytes) -> list[Line]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The CSV file is not in UTF-8. Save it again as “CSV UTF-8”.")
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file is not a readable CSV file."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _filled_lines(row[:MAX_COLUMNS] for row in reader)
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a readable CSV file.")) from exc


def _xlsx_cells(row: Iterable[Any]) -> tuple[list[str], frozenset[int]]:
    """The row's cells as text, and the positions of those stored as plain numbers."""
    cells, numeric = [], set()
    for position, cell in enumerate(row):
        value = getattr(cell, "value", None)
        padded = _zero_padded(value, getattr(cell, "number_format", None))
        if padded is not None:
            cells.append(padded)
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            numeric.add(position)
        cells.append(_cell_text(value))
    return cells, frozenset(numeric)


def _zero_padded(value: object, number_format: object) -> str | None:
    """A number shown with a zero-padding format ("0000000000") as Excel shows it."""
    if not isinstance(number_format, str) or not _ZERO_FORMAT.fullmatch(number_format):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value)).zfill(len(number_format))


def _filled_lines(rows: Iterable[list[str] | tuple[list[str], frozenset[int]]]) -> list[Line]:
    """The non-blank rows with their numbers in the file, refusing early past the row limit."""
    cap = settings.STAFF_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS
    lines = []
    for number, row in enumerate(rows, start=1):
        cells, numeric = row if isinstance(row, tuple) else (row, frozenset[int]())
        if any(cell.strip() for cell in cells):
            lines.append(Line(number, cells, numeric))
            if len(lines) > cap:
                _too_many_rows()
    return lines


def _too_many_rows() -> NoReturn:
    raise ImportFileError(
        _("The file has more than %(count)s rows; split it into smaller files.")
        % {"count": settings.STAFF_IMPORT_MAX_ROWS}
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(lines: list[Line]) -> SourceTable:
    header_index = _header_index(lines)
    if header_index is None:
        raise ImportFileError(_("The file has no rows."))
    columns: dict[int, str] = {}
    for position, header in enumerate(lines[header_index].cells):
        field = field_for_header(header)
        if field is None:
            continue
        if field in columns.values():
            raise ImportFileError(
                _("The column “%(header)s” appears twice.") % {"header": header.strip()}
            )
        columns[position] = field
    _require_columns(set(columns.values()))
    data = lines[header_index + 1 :]
    if not data:
        raise ImportFileError(_("The file has a header row but no staff rows."))
    if len(data) > settings.STAFF_IMPORT_MAX_ROWS:
        _too_many_rows()
    rows = []
    for line in data:
        values = dict.fromkeys(FIELDS, "")
        for position, field in columns.items():
            if position < len(line.cells):
                values[field] = line.cells[position]
        numeric = frozenset(columns[p] for p in line.numeric if p in columns)
        rows.append(SourceRow(number=line.number, values=values, numeric=numeric))
    return SourceTable(columns=tuple(f for f in FIELDS if f in columns.values()), rows=rows)


def _header_index(lines: list[Line]) -> int | None:
    """The row holding the headers: the first naming a full-name column, else the first row."""
    for index, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if any(field_for_header(cell) == "full_name" for cell in line.cells):
            return index
    return 0 if lines else None


def _column_name(field: str) -> str:
    return f"{FIELD_LABELS[field]} (“{VIETNAMESE_HEADERS[field]}”)"


def _require_columns(present: set[str]) -> None:
    missing = []
    if "full_name" not in present:
        missing.append(_column_name("full_name"))
    if not present & {"province", "unit"}:
        missing.append(
            _("%(first)s or %(second)s")
            % {"first": _column_name("province"), "second": _column_name("unit")}
        )
    if not present & {"staff_code", "email"}:
        missing.append(
            _("%(first)s or %(second)s")
            % {"first": _column_name("staff_code"), "second": _column_name("email")}
        )
    if missing:
        raise ImportFileError(
            _("The file lacks required columns: %(columns)s.") % {"columns": "; ".join(missing)}
        )
