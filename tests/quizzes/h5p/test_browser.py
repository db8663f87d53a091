"""End to end in Chromium: a trainer uploads our own H5P package, a ministry admin approves its
library, a learner plays it and the score lands on their record; and package code cannot read
the platform's cookies, storage or DOM."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from courses.models import LessonCompletion
from courses.services import enrol
from quizzes.h5p.models import H5PContent, H5PLibrary, H5PResult, H5PUserData, XAPIStatement
from quizzes.h5p.services import add_activity_page
from tests.quizzes.h5p.browser import completed_statement, require_player_assets, sign_in
from tests.quizzes.h5p.factories import make_content
from tests.quizzes.h5p.packages import ANSWERS, CORRECT, PROBE, build_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _player_assets():
    require_player_assets()


def test_trainer_uploads_learner_answers_and_score_is_recorded(
    page, live_server, tmp_path, trainer, ministry_admin, learner, course
):
    package = tmp_path / "kiem-tra-tham-quyen.h5p"
    package.write_bytes(build_package())

    sign_in(page, live_server, trainer)
    page.goto("/admin/h5p/")
    page.locator("input[type=file][name=file]").set_input_files(str(package))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/admin/h5p/*/")
    assert page.locator(".h5p-status--ready").count() == 1
    content = H5PContent.objects.get()
    assert (content.status, content.uploaded_by) == (H5PContent.Status.READY, trainer)
    assert page.locator("tr[data-library='H5P.TapHuanTestQuiz-1.1'] button").count() == 0

    page.context.clear_cookies()
    sign_in(page, live_server, ministry_admin)
    page.goto("/admin/h5p/libraries/")
    page.locator("tr[data-library='H5P.TapHuanTestQuiz-1.1'] button[type=submit]").click()
    page.wait_for_url("**/admin/h5p/libraries/")
    assert H5PLibrary.objects.get().approved_by == ministry_admin

    activity = add_activity_page(content, course, publish=True)
    enrol(learner, course)
    page.context.clear_cookies()
    sign_in(page, live_server, learner)
    page.goto(activity.url)
    player = page.frame_locator("iframe.h5p-player")
    player.get_by_label(ANSWERS[CORRECT]).check()

    # What H5P core's autosave timer does: the state is relayed, saved, and resumed on reload.
    player_frame = next(f for f in page.frames if "/h5p/choi/" in f.url)
    player_frame.evaluate(
        "H5P.setUserData(H5P.instances[0].contentId, 'state',"
        " H5P.instances[0].getCurrentState(), {deleteOnChange: true})"
    )
    for _ in range(50):
        if H5PUserData.objects.filter(user=learner, content=content).exists():
            break
        page.wait_for_timeout(100)
    assert json.loads(H5PUserData.objects.get(user=learner).data) == {"selected": CORRECT}
    page.reload()
    player = page.frame_locator("iframe.h5p-player")
    assert player.get_by_label(ANSWERS[CORRECT]).is_checked()
    # The content reports "answered" then "completed"; read the database once both are stored
    # (the live server and the test share one SQLite connection).
    with page.expect_response(completed_statement):
        player.locator(".thq-check").click()
    result = page.locator(".h5p-result")
    result.wait_for(state="visible")
    assert "1/1" in result.inner_text()

    stored = H5PResult.objects.get(user=learner, content=content)
    # One attempt before the reload, one after it.
    assert (stored.score, stored.max_score, stored.success, stored.attempts) == (1, 1, True, 2)
    assert stored.source == H5PResult.Source.BROWSER
    assert LessonCompletion.objects.filter(user=learner, lesson=activity).exists()
    verbs = list(XAPIStatement.objects.filter(user=learner).values_list("verb", flat=True))
    assert verbs[0] == "attempted" and "answered" in verbs and verbs[-1] == "completed"

    page.goto("/h5p/ket-qua/")
    row = page.locator(".h5p-result-row", has_text=content.title)
    assert "1/1" in row.locator(".h5p-score").inner_text()
    assert row.locator(".h5p-source--browser").count() == 1


def test_package_script_cannot_read_the_platform(page, live_server, learner, course):
    content = make_content(build_package(PROBE, content={}))
    activity = add_activity_page(content, course, publish=True)
    enrol(learner, course)
    sign_in(page, live_server, learner)
    page.goto(activity.url)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME]
    page.evaluate("localStorage.setItem('platform-secret', 'bi-mat')")

    player = page.frame_locator("iframe.h5p-player")
    report = json.loads(player.locator(".probe-report").inner_text())

    platform_cookie = page.evaluate("document.cookie")
    assert platform_cookie, "the platform page should see its own (csrftoken) cookie"
    for value in report.values():
        assert cookies[settings.SESSION_COOKIE_NAME] not in value
        assert "bi-mat" not in value
        for name, cookie_value in cookies.items():
            assert cookie_value not in value, name
    assert report["cookie"].startswith("blocked")
    assert report["parentCookie"].startswith("blocked")
    assert report["topCookie"].startswith("blocked")
    assert report["topBody"].startswith("blocked")
    assert report["topLocalStorage"].startswith("blocked")
    assert page.evaluate("document.body.getAttribute('data-h5p-probe')") is None


def _player_link(page, live_server, learner, course) -> str:
    """The learner's own player URL for the probe, as a copied link would carry it."""
    content = make_content(build_package(PROBE, content={}))
    activity = add_activity_page(content, course, publish=True)
    enrol(learner, course)
    sign_in(page, live_server, learner)
    page.goto(activity.url)  # also sets the csrftoken cookie
    link = page.locator("iframe.h5p-player").get_attribute("src")
    assert link and "/h5p/choi/" in link
    return link


def _probe_as_a_tab(page, link: str) -> dict[str, str]:
    page.goto(link)
    network = page.locator(".probe-network[data-done]")
    network.wait_for(state="attached")
    report = json.loads(page.locator(".probe-report").inner_text())
    return {**report, **json.loads(network.inner_text())}


def _strip_sandbox(route) -> None:
    response = route.fetch()
    headers = dict(response.headers)
    policy = headers.get("content-security-policy", "")
    headers["content-security-policy"] = "; ".join(
        part for part in policy.split(";") if not part.strip().startswith("sandbox")
    )
    route.fulfill(response=response, headers=headers)


def test_player_opened_as_a_tab_reads_no_cookie_api_or_csrf_token(
    page, live_server, learner, course
):
    link = _player_link(page, live_server, learner, course)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME] and cookies[settings.CSRF_COOKIE_NAME]

    got = _probe_as_a_tab(page, link)

    assert page.url == link  # top level: no parent frame, no iframe sandbox attribute
    assert got["cookie"].startswith("blocked"), got
    assert got["api"].startswith("blocked"), got
    assert got["manage"].startswith("blocked"), got
    assert got["csrf"] == ""
    for value in got.values():
        for name, cookie_value in cookies.items():
            assert cookie_value not in value, name


def test_probe_reads_the_platform_when_the_sandbox_header_is_missing(
    page, live_server, learner, course
):
    """The control for the test above: the same probe, the same tab, without the header."""
    link = _player_link(page, live_server, learner, course)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    page.route("**/h5p/choi/**", _strip_sandbox)

    got = _probe_as_a_tab(page, link)

    assert cookies[settings.CSRF_COOKIE_NAME] in got["cookie"]
    assert got["api"].startswith("200 ["), got
    assert got["csrf"], got
