import csv
import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from lib.spreadsheets import BOM, Sheet, csv_bytes, csv_lines, safe_cell, xlsx_bytes


def test_text_that_would_run_as_a_formula_becomes_plain_text():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+84 912 345 678") == "'+84 912 345 678"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_names_and_numbers_are_left_alone():
    assert safe_cell("Nguyễn Văn A") == "Nguyễn Văn A"
    assert safe_cell(-3.5) == -3.5
    assert safe_cell(None) is None


HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)"]


def _sheet() -> Sheet:
    rows = [[text, -3.5, -2, datetime.date(2025, 11, 13), None] for text in HOSTILE]
    return Sheet("Bảng: 1/2", ["Tên", "Số", "Nguyên", "Ngày", "Trống"], rows, caption="=Tiêu đề")


def test_the_xlsx_writer_keeps_text_as_text_numbers_as_numbers_and_real_dates():
    book = load_workbook(io.BytesIO(xlsx_bytes([_sheet()])))
    sheet = book.active
    assert sheet.title == "Bảng  1 2"
    cells = list(sheet.iter_rows())
    assert cells[0][0].value == "'=Tiêu đề" and cells[1][0].value == "Tên"
    for row, text in zip(cells[2:], HOSTILE, strict=True):
        name, number, whole, day, empty = row
        assert (name.data_type, name.value) == ("s", "'" + text)
        assert (number.data_type, number.value) == ("n", -3.5)
        assert (whole.data_type, whole.value) == ("n", -2)
        assert day.value == datetime.datetime(2025, 11, 13) and day.number_format == "DD/MM/YYYY"
        assert empty.value is None


def test_the_csv_writer_has_a_bom_and_quotes_formulas():
    content = csv_bytes(["Tên", "Ngày"], [[text, datetime.date(2025, 11, 13)] for text in HOSTILE])
    assert content.startswith(BOM.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Tên", "Ngày"]
    assert rows[1:] == [["'" + text, "13/11/2025"] for text in HOSTILE]


def test_the_csv_writer_streams_and_reports_progress():
    seen: list[int] = []
    lines = list(csv_lines(["n"], ([n] for n in range(2500)), seen.append))
    assert len(lines) == 2501 and seen == [1000, 2000]
    assert lines[1] == b"0\r\n"


def test_a_local_time_is_written_without_its_zone():
    moment = timezone.make_aware(datetime.datetime(2025, 11, 13, 8, 30))
    content = csv_bytes(["Lúc"], [[moment]])
    assert "13/11/2025 08:30" in content.decode("utf-8-sig")
    cell = load_workbook(io.BytesIO(xlsx_bytes([Sheet("S", ["Lúc"], [[moment]])]))).active["A2"]
    assert cell.value == datetime.datetime(2025, 11, 13, 8, 30)
