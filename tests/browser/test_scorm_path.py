"""End to end in Chromium: a learner plays our SCORM 1.2 and SCORM 2004 packages from the
separate content origin, leaves mid-way, comes back where they stopped, finishes, and sees the
completion and the score on their record; their province's manager sees them in the reports."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from courses.models import Enrolment, LessonCompletion
from courses.services import enrol
from people.roles import Role
from scorm.models import CmiCommit, ScormAttempt
from tests.factories import make_course, make_person
from tests.quizzes.h5p.browser import sign_in
from tests.scorm.browser import serve_content_from_another_host
from tests.scorm.factories import make_activity, make_package
from tests.scorm.packages import build_12, build_2004

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _runtime_and_origin(live_server, settings):
    serve_content_from_another_host(live_server, settings)


def _sco(page):
    return page.frame_locator("iframe.scorm-player").frame_locator("#scorm-sco")


def _is_commit(response) -> bool:
    return "/luu/" in response.url and response.request.method == "POST"


def _is_terminate(response) -> bool:
    return _is_commit(response) and '"terminate":true' in (response.request.post_data or "")


def _answer(sco, numbers, *, wrong: tuple[int, ...] = ()) -> None:
    """Answer the test self-check's questions `numbers` (right answer "b", wrong ones "a")."""
    for n in numbers:
        sco.locator(f"input[name='cau-{n}'][value='{'a' if n in wrong else 'b'}']").check()


def _play_first_half(page, url: str) -> None:
    page.goto(url)
    sco = _sco(page)
    assert sco.locator("#resumed").get_attribute("data-entry") == "ab-initio"
    _answer(sco, [1])
    with page.expect_response(_is_commit):
        sco.locator("#step1").click()
    assert page.locator(".scorm-status").inner_text() == "Đã lưu tiến độ."


def _resume_and_finish(page, url: str) -> None:
    """Come back: the SCO reads the bookmark and the answer saved, then four of five are right."""
    page.goto(url)
    sco = _sco(page)
    resumed = sco.locator("#resumed")
    resumed.wait_for()
    assert resumed.get_attribute("data-entry") == "resume"
    assert resumed.get_attribute("data-location") == "cau-2"
    assert resumed.get_attribute("data-suspend") == "cau-1=b"
    assert "đã trả lời 1/5 câu" in resumed.inner_text()
    assert sco.locator("input[name='cau-1'][value='b']").is_checked()
    _answer(sco, [2, 3, 4, 5], wrong=(5,))
    with page.expect_response(_is_terminate):
        sco.locator("#finish").click()


def test_learner_plays_resumes_and_completes_scorm_12_and_2004(page, live_server):
    course = make_course(modules=1, lessons_per_module=0)
    learner = make_person(Role.LEARNER, user__username="hocvien.scorm")
    manager = make_person(
        Role.PROVINCE_MANAGER, unit=learner.profile.unit, user__username="quanly.scorm"
    )
    v12 = make_activity(course, make_package(build_12(), name="bai-12.zip"))
    v2004 = make_activity(course, make_package(build_2004(), name="bai-2004.zip"))
    enrol(learner, course)
    sign_in(page, live_server, learner)

    # SCORM 1.2: half, leave, resume, finish.
    _play_first_half(page, v12.url)
    page.goto("/khoa-hoc-cua-toi/")
    _resume_and_finish(page, v12.url)
    page.locator(".done-note").wait_for()
    assert "Bạn đã học xong bài này." in page.locator(".done-note").inner_text()
    assert "Điểm: 80%" in page.locator(".scorm-status").inner_text()
    attempt = ScormAttempt.objects.get(user=learner, page=v12)
    assert (attempt.lesson_status, attempt.score_raw, attempt.passed) == ("passed", 80, True)
    assert attempt.interactions and attempt.interactions[0]["id"] == "cau-1"
    assert CmiCommit.objects.filter(attempt=attempt).count() >= 3

    # SCORM 2004, two SCOs in order: the table of contents, then the second SCO mid-way.
    page.goto(v2004.url)
    toc = page.locator(".scorm-toc-item")
    assert toc.count() == 2 and "Phần 1" in toc.nth(0).inner_text()
    assert "chưa bắt đầu" in toc.nth(0).inner_text()
    _answer(_sco(page), [1, 2, 3, 4, 5], wrong=(5,))
    with page.expect_response(_is_terminate):
        _sco(page).locator("#finish").click()
    # The part list says so at once, without a reload.
    expect(toc.nth(0).locator(".scorm-toc-status")).to_have_text("✓ đã hoàn thành")
    page.get_by_role("link", name="Sang phần tiếp theo: Phần 2: Kiểm tra").click()
    page.wait_for_url("**?sco=*")
    assert "is-current" in (toc.nth(1).get_attribute("class") or "")
    page.goto(v2004.url)  # simple sequencing: the next SCO not yet done
    assert "is-done" in (toc.nth(0).get_attribute("class") or "")
    assert "is-current" in (toc.nth(1).get_attribute("class") or "")
    _answer(_sco(page), [1])
    with page.expect_response(_is_commit):
        _sco(page).locator("#step1").click()
    page.goto("/khoa-hoc-cua-toi/")
    assert not LessonCompletion.objects.filter(user=learner, lesson=v2004).exists()
    _resume_and_finish(page, v2004.url)
    page.locator(".done-note").wait_for()
    assert LessonCompletion.objects.filter(user=learner, lesson=v2004).exists()
    second = ScormAttempt.objects.get(user=learner, page=v2004, sco__identifier="item-2")
    assert (second.completion_status, second.success_status, second.score_scaled) == (
        "completed",
        "passed",
        0.8,
    )

    # The learner's record: the course is done, each SCO's score reported by the browser.
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.progress_percent == 100
    page.goto(f"/khoa-hoc-cua-toi/{enrolment.pk}/")
    assert "100%" in page.locator("main").inner_text()
    page.goto("/scorm/ket-qua/")
    rows = page.locator(".scorm-result-row")
    assert rows.count() == 3
    assert all(rows.nth(i).locator(".scorm-score").inner_text() == "80%" for i in range(3))
    assert rows.nth(0).locator(".scorm-source").inner_text() == "Do trình duyệt báo cáo"

    # The province's manager sees the completion in the reports and the scores.
    page.context.clear_cookies()
    sign_in(page, live_server, manager)
    page.goto(f"/quan-ly/hoc-vien/{learner.pk}/")
    row = page.locator("tr", has_text=course.title)
    assert "100" in row.inner_text()
    page.goto("/scorm/ket-qua/")
    assert page.locator(".scorm-result-row").count() == 3


PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Probe</title></head><body>
<pre id="report"></pre><script src="sco.js"></script></body></html>"""
PROBE_JS = """(function () {
  function attempt(read) {
    try { return "read:" + read(); } catch (e) { return "blocked:" + e.name; }
  }
  var report = {
    cookie: attempt(function () { return document.cookie; }),
    topCookie: attempt(function () { return window.top.document.cookie; }),
    topBody: attempt(function () { return window.top.document.body.innerHTML.length; }),
    topStorage: attempt(function () { return window.top.localStorage.getItem("bi-mat"); })
  };
  document.getElementById("report").textContent = JSON.stringify(report);
})();"""


def test_package_code_cannot_read_the_platform(page, live_server):
    import json

    from scorm.package_builder import build_zip
    from tests.scorm.packages import entries_12

    course = make_course(modules=1, lessons_per_module=0)
    learner = make_person(Role.LEARNER, user__username="hocvien.probe")
    entries = {**entries_12(), "index.html": PROBE.encode(), "sco.js": PROBE_JS.encode()}
    activity = make_activity(course, make_package(build_zip(entries)))
    enrol(learner, course)
    sign_in(page, live_server, learner)
    page.goto(activity.url)
    page.evaluate("localStorage.setItem('bi-mat', 'gia-tri-bi-mat')")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME] and cookies[settings.CSRF_COOKIE_NAME]

    report = json.loads(_sco(page).locator("#report:not(:empty)").inner_text())

    assert report["topCookie"].startswith("blocked"), report
    assert report["topBody"].startswith("blocked"), report
    assert report["topStorage"].startswith("blocked"), report
    for value in report.values():
        assert "gia-tri-bi-mat" not in value
        for name, cookie in cookies.items():
            assert cookie not in value, name
