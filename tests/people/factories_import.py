"""Test data for the staff import: a small organisation and staff files built in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from people.models import Province, Unit
from tests.factories import CommuneFactory, DepartmentFactory, MinistryUnitFactory, ProvinceFactory

VI_HEADERS = [
    "Họ và tên",
    "Email",
    "Mã cán bộ",
    "Tỉnh/Thành phố",
    "Đơn vị",
    "Chức vụ",
    "Số điện thoại",
]
EN_HEADERS = ["full_name", "email", "staff_code", "province", "unit", "position", "phone"]


@dataclass
class Organisation:
    quang_tri: Province
    ha_noi: Province
    so_quang_tri: Unit
    so_ha_noi: Unit
    con_co: Unit
    vu_phap_che: Unit


def make_organisation() -> Organisation:
    """Quảng Trị (a province with a Sở and a special zone), Hà Nội (a city) and a ministry unit."""
    quang_tri = ProvinceFactory(code="quang-tri", name="Quảng Trị")
    ha_noi = ProvinceFactory(code="ha-noi", name="Hà Nội", is_city=True)
    return Organisation(
        quang_tri=quang_tri,
        ha_noi=ha_noi,
        so_quang_tri=DepartmentFactory(province=quang_tri),
        so_ha_noi=DepartmentFactory(province=ha_noi),
        con_co=CommuneFactory(province=quang_tri, name="Đặc khu Cồn Cỏ", code="quang-tri-con-co"),
        vu_phap_che=MinistryUnitFactory(name="Vụ Pháp chế", code="vu-phap-che"),
    )


def staff_row(
    name: str = "Nguyễn Văn An",
    email: str = "an@example.vn",
    code: str = "QT-0001",
    province: str = "Quảng Trị",
    unit: str = "",
    position: str = "Chuyên viên",
    phone: str = "0912345678",
) -> list[str]:
    return [name, email, code, province, unit, position, phone]


def csv_bytes(
    rows: Sequence[Sequence[str]],
    *,
    headers: Sequence[str] = VI_HEADERS,
    delimiter: str = ",",
    bom: bool = True,
) -> bytes:
    def line(cells: Sequence[str]) -> str:
        return delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in cells)

    text = "\r\n".join([line(headers), *(line(row) for row in rows)]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(
    rows: Sequence[Sequence[object]],
    *,
    headers: Sequence[str] = VI_HEADERS,
    title: str | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
