"""A newcomer's demo: hocvien opens the demo H5P activity, answers it and the score is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from quizzes.h5p.demo import ANSWERS, CORRECT
from quizzes.h5p.models import H5PActivityPage, H5PResult

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENDOR = Path(settings.BASE_DIR) / "quizzes/h5p/static/h5p/vendor"


def test_hocvien_plays_the_demo_h5p_activity(page, settings):
    if not (VENDOR / "main.bundle.js").exists():
        if "browser" in os.environ.get("TEST_REQUIRE", ""):
            pytest.fail("h5p-standalone is missing: run `make assets`")
        pytest.skip("h5p-standalone is missing: run `make assets` to play H5P in the browser")
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    activity = H5PActivityPage.objects.live().get()

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("hocvien")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/khoa-hoc-cua-toi/")

    page.goto(activity.url)
    player = page.frame_locator("iframe.h5p-player")
    player.get_by_label(ANSWERS[CORRECT]).check()
    # Read the database once the last statement ("completed") is stored: the live server and
    # the test share one SQLite connection.
    with page.expect_response(
        lambda r: "/statements" in r.url and "verbs/completed" in (r.request.post_data or "")
    ):
        player.locator(".thq-check").click()
    result = page.locator(".h5p-result")
    result.wait_for(state="visible")
    assert "1/1" in result.inner_text()
    stored = H5PResult.objects.get(user__username="hocvien", content=activity.content)
    assert (stored.score, stored.max_score, stored.success) == (1, 1, True)
