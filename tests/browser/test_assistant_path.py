"""On a 360 px phone, staff ask without diacritics, follow the cited source, then send an
unanswered question to the responsible unit and a moderator finds it in the queue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.indexing import rebuild_index
from people.roles import Role
from tests.assistant.factories import make_field, make_lesson, make_task
from tests.factories import MinistryUnitFactory, make_course, make_person
from training.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/khoa-hoc-cua-toi/")


def test_ask_follow_the_source_and_escalate_on_a_phone(page):
    field = make_field()
    unit = MinistryUnitFactory(name="Cục Tần số vô tuyến điện")
    make_course(title="Tần số cho cấp tỉnh", field=field, owner_unit=unit, modules=0)
    task = make_task(field)
    make_lesson()
    rebuild_index()
    staff = make_person()
    moderator = make_person(Role.MINISTRY_ADMIN)
    page.set_viewport_size({"width": 360, "height": 780})

    _sign_in(page, staff.username)
    page.goto("/tro-ly/")
    page.get_by_label("Câu hỏi của bạn").fill("ai cap giay phep dai nghiep du")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    first = page.locator(".assistant-answer").first
    expect(first.locator("mark")).to_contain_text("cấp giấy phép cho đài nghiệp dư")
    expect(first).to_contain_text("Nghị định 133/2025/NĐ-CP (Điều 29)")
    for card in (page.locator(".assistant-form"), first):
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    first.get_by_role("link", name=task.name).click()
    page.wait_for_url(f"**{task.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(task.name)

    page.goto("/tro-ly/")
    page.get_by_label("Câu hỏi của bạn").fill("Thu tuc cap ho chieu pho thong mat bao lau?")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    expect(page.locator(".assistant-none")).to_contain_text("Tôi không tìm thấy")
    page.get_by_role("link", name="Gửi câu hỏi cho đơn vị phụ trách").click()
    expect(page.get_by_label("Câu hỏi của bạn")).to_have_value(
        "Thu tuc cap ho chieu pho thong mat bao lau?"
    )
    page.get_by_label("Lĩnh vực").select_option(str(field.pk))
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_url(re.compile(r".*/hoi-dap/$"))
    expect(page.locator(".messages")).to_contain_text("Câu hỏi đã được gửi")
    question = Question.objects.get()
    assert question.assigned_unit == unit

    page.context.clear_cookies()
    _sign_in(page, moderator.username)
    page.goto("/hoi-dap/")
    item = page.locator(f"#q-{question.pk}")
    expect(item).to_contain_text("Thu tuc cap ho chieu pho thong mat bao lau?")
    expect(item.get_by_label("Đơn vị phụ trách")).to_have_value(str(unit.pk))
