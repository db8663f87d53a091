"""Managers read the reports in a phone browser: scope on screen and in the downloaded XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from courses.models import CoursePage
from people.models import Province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def _download(page, form) -> list[list[object]]:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        form.get_by_role("button", name="XLSX").click()
    content = Path(info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def demo(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)


def test_the_quang_tri_manager_sees_only_quang_tri_on_screen_and_in_xlsx(page, demo):
    _log_in(page, "quanly.quangtri")
    page.locator(".menu-toggle").click()
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Báo cáo").click()
    page.wait_for_url("**/quan-ly/")
    heat_rows = page.locator("table.heat-map tbody tr")
    assert heat_rows.count() == 1
    assert heat_rows.first.locator("th").inner_text() == "Quảng Trị"
    assert "Hà Nội" not in page.locator("main").inner_text()
    assert "Bạn chỉ xem được tỉnh của mình" in page.locator(".updated").inner_text()

    matrix = _download(page, page.locator("form.export-form").first)
    assert [row[0] for row in matrix[1:]] == ["Quảng Trị", "Tổng cộng"]
    learners = _download(page, page.locator("form.export-form").nth(1))
    assert len(learners) > 2
    assert {row[4] for row in learners[1:]} == {"Quảng Trị"}
    assert "Nguyễn Thị Hương" in {row[0] for row in learners[1:]}


def test_the_ministry_admin_sees_34_provinces_and_drills_down_to_hocvien(page, demo):
    _log_in(page, "admin")
    page.goto("/quan-ly/")
    rows = page.locator("table.heat-map tbody tr")
    assert rows.count() == Province.objects.count() == 34
    assert page.locator("svg.bar-chart rect").count() > 0

    rows.filter(has_text="Quảng Trị").get_by_role("link", name="Quảng Trị").click()
    page.wait_for_url("**/quan-ly/tinh/*/")
    assert page.locator("h1").inner_text() == "Quảng Trị"
    page.get_by_role("link", name="Sở Khoa học và Công nghệ Quảng Trị").click()
    page.wait_for_url("**/quan-ly/don-vi/*/")
    page.get_by_role("link", name="Nguyễn Thị Hương").click()
    page.wait_for_url("**/quan-ly/hoc-vien/*/")
    assert page.locator("h1").inner_text() == "Nguyễn Thị Hương"
    courses = page.locator("table.data-table").first.inner_text()
    enrolled = CoursePage.objects.filter(enrolments__user__username="hocvien")
    assert enrolled.exists()
    for title in enrolled.values_list("title", flat=True):
        assert title in courses
