"""A trainer types a Vietnamese title in Wagtail's page editor and the slug folds it as typed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from courses.models import LessonPage, ModulePage
from courses.slugs import vietnamese_letters
from lib.text import fold
from people.roles import Role
from tests.factories import MinistryUnitFactory, make_course, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainer_types_a_vietnamese_title_and_the_slug_folds_it(page, live_server):
    module = ModulePage.objects.child_of(make_course(modules=1, lessons_per_module=0)).get()
    client = Client()
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    title = page.locator("#id_title")
    slug = page.locator("#id_slug")

    title.press_sequentially("Thực hành: tra cứu đơn sở hữu công nghiệp")
    # expect() polls without evaluating strings, which the admin's CSP (no unsafe-eval) forbids.
    expect(slug).to_have_value("thuc-hanh-tra-cuu-don-so-huu-cong-nghiep", timeout=10_000)

    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url("**/admin/pages/*/edit/**")
    assert LessonPage.objects.child_of(module).get().slug == (
        "thuc-hanh-tra-cuu-don-so-huu-cong-nghiep"
    )

    page.goto(f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    letters = "".join(vietnamese_letters())
    page.locator("#id_title").press_sequentially(f"Đủ {letters} z")
    expect(page.locator("#id_slug")).to_have_value(f"du-{fold(letters)}-z", timeout=10_000)
