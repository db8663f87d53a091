"""Staff lists as they really arrive: the template, numbers Excel mangled, old province names."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from people.imports import Action, Preview, preview_file, read_table, template_workbook
from people.imports.read import field_for_header
from people.organisation import FORMER_PROVINCES, PROVINCES, load_organisation
from people.roles import Role
from tests.factories import make_person
from tests.people.factories_import import (
    VI_HEADERS,
    Organisation,
    csv_bytes,
    make_organisation,
    staff_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation()


def codes(warnings) -> list[str]:
    return [warning.code for warning in warnings]


class TestTemplate:
    def test_template_has_the_accepted_headers_an_example_and_text_columns(self, org):
        content = template_workbook()
        sheet = load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[1]]
        assert [field_for_header(header) for header in headers] == [
            "full_name",
            "email",
            "staff_code",
            "province",
            "unit",
            "position",
            "phone",
        ]
        example = {field_for_header(h): cell for h, cell in zip(headers, sheet[2], strict=True)}
        assert example["phone"].value == "0912345678"
        assert example["staff_code"].value == "0012345"
        for name in ("phone", "staff_code"):
            assert example[name].number_format == "@"
            column = example[name].column_letter
            assert sheet[f"{column}500"].number_format == "@"
        assert example["full_name"].number_format == "General"
        # The template itself imports cleanly, with its leading zeros.
        [row] = preview_file("mau.xlsx", content, None).rows
        assert row.action is Action.CREATE, row.messages
        assert row.warnings == []
        assert row.values["phone"] == "0912345678"
        assert row.values["staff_code"] == "0012345"

    def test_managers_download_the_template_from_the_import_screen(self, org, client):
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri))
        page = client.get(reverse("people_import:upload"))
        url = reverse("people_import:template")
        assert url in page.content.decode()
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "mau-danh-sach-can-bo.xlsx" in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "Họ và tên"

    def test_a_trainer_may_not_download_it(self, org, client):
        client.force_login(make_person(Role.TRAINER, unit=org.so_quang_tri))
        assert client.get(reverse("people_import:template")).status_code == 403


class TestNumbersAsText:
    def test_a_phone_stored_as_a_number_gets_its_zero_back_with_a_warning(self, org):
        content = xlsx_bytes([staff_row(phone=912345678)])  # type: ignore[arg-type]
        [row] = preview_file("a.xlsx", content, None).rows
        assert row.action is Action.CREATE
        assert row.values["phone"] == "0912345678"
        assert codes(row.warnings) == ["phone_lost_zero"]
        assert "912345678" in row.warning_messages[0]
        assert "0912345678" in row.warning_messages[0]

    def test_a_landline_without_its_zero_in_a_csv_is_warned_too(self, org):
        [row] = preview_file("a.csv", csv_bytes([staff_row(phone="2433556677")]), None).rows
        assert row.values["phone"] == "02433556677"
        assert codes(row.warnings) == ["phone_lost_zero"]

    @pytest.mark.parametrize("phone", ["0912345678", "+84 912 345 678", "84912345678", "113"])
    def test_phones_written_as_text_are_kept_as_they_are(self, org, phone):
        [row] = preview_file("a.csv", csv_bytes([staff_row(phone=phone)]), None).rows
        assert row.values["phone"] == phone
        assert row.warnings == []

    def test_text_cells_keep_their_leading_zeros(self, org):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(VI_HEADERS)
        sheet.append(staff_row(code="007", phone="0912345678"))
        buffer = io.BytesIO()
        workbook.save(buffer)
        [row] = preview_file("a.xlsx", buffer.getvalue(), None).rows
        assert (row.values["staff_code"], row.values["phone"]) == ("007", "0912345678")
        assert row.warnings == []

    def test_a_zero_padded_number_format_is_read_as_excel_shows_it(self, org):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(VI_HEADERS)
        sheet.append(staff_row(code=42, phone=912345678))  # type: ignore[arg-type]
        sheet["C2"].number_format = "00000"
        sheet["G2"].number_format = "0000000000"
        buffer = io.BytesIO()
        workbook.save(buffer)
        [row] = preview_file("a.xlsx", buffer.getvalue(), None).rows
        assert (row.values["staff_code"], row.values["phone"]) == ("00042", "0912345678")
        assert row.warnings == []

    def test_a_staff_code_stored_as_a_number_is_warned(self, org):
        content = xlsx_bytes([staff_row(code=12345)])  # type: ignore[arg-type]
        table = read_table("a.xlsx", content)
        assert table.rows[0].numeric == frozenset({"staff_code"})
        [row] = preview_file("a.xlsx", content, None).rows
        assert row.values["staff_code"] == "12345"
        assert codes(row.warnings) == ["code_was_number"]
        assert row.is_valid

    def test_warnings_survive_the_stored_preview_and_show_on_the_screen(self, org, client):
        preview = preview_file("a.xlsx", xlsx_bytes([staff_row(phone=912345678)]), None)  # type: ignore[arg-type]
        again = Preview.from_dict(preview.to_dict())
        assert codes(again.rows[0].warnings) == ["phone_lost_zero"]
        client.force_login(make_person(Role.MINISTRY_ADMIN, unit=org.vu_phap_che))
        content = xlsx_bytes([staff_row(phone=912345678)])  # type: ignore[arg-type]
        response = client.post(
            reverse("people_import:upload"), {"file": SimpleUploadedFile("a.xlsx", content)}
        )
        page = client.get(response["Location"]).content.decode()
        assert "help-warning" in page
        assert "0912345678" in page


class TestFormerProvinces:
    def test_the_table_maps_the_63_former_provinces_onto_the_34(self):
        assert len(FORMER_PROVINCES) == 63
        assert set(FORMER_PROVINCES.values()) == {name for name, _city in PROVINCES}
        merged = {old: new for old, new in FORMER_PROVINCES.items() if old != new}
        assert len(merged) == 30  # 29 absorbed provinces and Thừa Thiên Huế, now Huế
        for old, new in [
            ("Quảng Bình", "Quảng Trị"),
            ("Hà Giang", "Tuyên Quang"),
            ("Yên Bái", "Lào Cai"),
            ("Bắc Kạn", "Thái Nguyên"),
            ("Vĩnh Phúc", "Phú Thọ"),
            ("Hòa Bình", "Phú Thọ"),
            ("Bắc Giang", "Bắc Ninh"),
            ("Thái Bình", "Hưng Yên"),
            ("Hải Dương", "Hải Phòng"),
            ("Hà Nam", "Ninh Bình"),
            ("Nam Định", "Ninh Bình"),
            ("Quảng Nam", "Đà Nẵng"),
            ("Kon Tum", "Quảng Ngãi"),
            ("Bình Định", "Gia Lai"),
            ("Ninh Thuận", "Khánh Hòa"),
            ("Đắk Nông", "Lâm Đồng"),
            ("Bình Thuận", "Lâm Đồng"),
            ("Phú Yên", "Đắk Lắk"),
            ("Bình Dương", "Hồ Chí Minh"),
            ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
            ("Bình Phước", "Đồng Nai"),
            ("Long An", "Tây Ninh"),
            ("Sóc Trăng", "Cần Thơ"),
            ("Hậu Giang", "Cần Thơ"),
            ("Bến Tre", "Vĩnh Long"),
            ("Trà Vinh", "Vĩnh Long"),
            ("Tiền Giang", "Đồng Tháp"),
            ("Bạc Liêu", "Cà Mau"),
            ("Kiên Giang", "An Giang"),
            ("Thừa Thiên Huế", "Huế"),
        ]:
            assert merged.pop(old) == new
        assert merged == {}

    def test_every_former_name_is_recognised_with_a_hint_naming_the_new_province(self):
        load_organisation()
        names = list(FORMER_PROVINCES)
        rows = [
            staff_row(code=f"C-{index}", email=f"c{index}@example.vn", province=name)
            for index, name in enumerate(names)
        ]
        preview = preview_file("a.csv", csv_bytes(rows), None)
        for name, row in zip(names, preview.rows, strict=True):
            assert row.is_valid, (name, row.messages)
            assert row.province_name == FORMER_PROVINCES[name]
            if FORMER_PROVINCES[name] == name:
                assert row.warnings == [], name
            else:
                assert codes(row.warnings) == ["former_province"], name
                assert FORMER_PROVINCES[name] in row.warning_messages[0]

    @pytest.mark.parametrize(
        "written", ["Quảng Bình", "quang binh", "QUẢNG BÌNH", "Tỉnh Quảng Bình", "Quảng  Bình"]
    )
    def test_former_names_match_without_accents_or_case(self, org, written):
        [row] = preview_file("a.csv", csv_bytes([staff_row(province=written)]), None).rows
        assert row.unit_id == org.so_quang_tri.pk, row.messages
        [warning] = row.warnings
        assert warning.code == "former_province"
        assert warning.params["province"] == "Tỉnh Quảng Trị"

    def test_the_former_provinces_department_is_the_merged_one(self, org):
        rows = [staff_row(province="Quảng Bình", unit="Sở KH&CN Quảng Bình")]
        [row] = preview_file("a.csv", csv_bytes(rows), None).rows
        assert row.unit_id == org.so_quang_tri.pk, row.messages

    def test_a_province_merged_into_another_than_the_managers_is_outside(self, org):
        manager = make_person(Role.PROVINCE_MANAGER, unit=org.so_ha_noi)
        [row] = preview_file("a.csv", csv_bytes([staff_row(province="Quảng Bình")]), manager).rows
        assert [error.code for error in row.errors] == ["outside_province"]

    def test_a_name_that_was_never_a_province_is_still_unknown(self, org):
        [row] = preview_file("a.csv", csv_bytes([staff_row(province="Hà Tây")]), None).rows
        assert [error.code for error in row.errors] == ["unknown_province"]
