"""A newcomer's demo: hocvien opens the demo SCORM lesson from the content origin, the first
part's self-check loads in Vietnamese, and its answers and score reach the platform."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from scorm.demo import PROVINCE, TITLE
from scorm.models import ScormActivityPage, ScormAttempt
from tests.scorm.browser import serve_content_from_another_host

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hocvien_plays_the_demo_scorm_lesson(page, live_server, settings):
    serve_content_from_another_host(live_server, settings)
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    lesson = ScormActivityPage.objects.live().get()

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("hocvien")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/khoa-hoc-cua-toi/")

    page.goto(lesson.url)
    assert TITLE in page.locator("main").inner_text()
    sco = page.frame_locator("iframe.scorm-player").frame_locator("#scorm-sco")
    assert sco.locator("h1").inner_text() == PROVINCE.title
    assert sco.locator("#resumed").get_attribute("data-entry") == "ab-initio"
    for question in PROVINCE.questions:
        sco.locator(f"input[name='{question.identifier}'][value='{question.correct}']").check()
    with page.expect_response(
        lambda r: "/luu/" in r.url and '"terminate":true' in (r.request.post_data or "")
    ):
        sco.get_by_role("button", name="Nộp bài").click()
    assert sco.locator("#done").inner_text() == "Bạn trả lời đúng 4/4 câu (100%): đạt."

    attempt = ScormAttempt.objects.get(user__username="hocvien", page=lesson)
    assert attempt.sco.identifier == PROVINCE.identifier
    assert (attempt.completion_status, attempt.success_status, attempt.score_scaled) == (
        "completed",
        "passed",
        1.0,
    )
    assert [i["id"] for i in attempt.interactions] == [q.identifier for q in PROVINCE.questions]
