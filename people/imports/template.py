"""The staff list template managers download: the headers the importer reads and one example.

Phone numbers and staff codes are text columns, so Excel keeps their leading 0.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib.spreadsheets import safe_cell
from people.imports.read import FIELDS, VIETNAMESE_HEADERS

TEMPLATE_FILE_NAME = "mau-danh-sach-can-bo.xlsx"
TEXT_FIELDS = ("staff_code", "phone")
TEXT_FORMAT = "@"
# Rows formatted as text below the header, enough for a large list.
FORMATTED_ROWS = 2000
EXAMPLE = {
    "full_name": "Nguyễn Văn An",
    "email": "nguyenvanan@example.vn",
    "staff_code": "0012345",
    "province": "Quảng Trị",
    "unit": "Sở Khoa học và Công nghệ Quảng Trị",
    "position": "Chuyên viên",
    "phone": "0912345678",
}
WIDTHS = {"full_name": 28, "email": 30, "province": 18, "unit": 38, "position": 20}


def template_workbook() -> bytes:
    """The XLSX template: header row, one example row, text format for codes and phones."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách cán bộ"
    sheet.append([VIETNAMESE_HEADERS[name] for name in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([safe_cell(EXAMPLE[name]) for name in FIELDS])
    for index, name in enumerate(FIELDS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)
        if name in TEXT_FIELDS:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            for row in range(2, FORMATTED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
