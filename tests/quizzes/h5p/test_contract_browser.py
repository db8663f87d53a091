"""The H5P player contract real content relies on, played in Chromium with our own content type:
content files through H5P.getPath, the core's strings through H5P.t (in Vietnamese), "resize"
moving the frame's height, fullscreen, xAPI "answered" and "completed" with the score reaching
our endpoint, and the state the core saves from getCurrentState restored after a reload."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from courses.services import enrol
from quizzes.h5p.models import H5PResult, H5PUserData, XAPIStatement
from quizzes.h5p.services import add_activity_page
from tests.quizzes.h5p.browser import completed_statement, require_player_assets, sign_in
from tests.quizzes.h5p.factories import make_content
from tests.quizzes.h5p.packages import ANSWERS, CORRECT, build_zip, package_entries, quiz_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGE = "images/so-do-phan-cap.png"


@pytest.fixture(autouse=True)
def _player_assets():
    require_player_assets()


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 102, 153)).save(buffer, format="PNG")
    return buffer.getvalue()


def _contract_package() -> bytes:
    content = quiz_content(
        image={"path": IMAGE, "alt": "Sơ đồ phân cấp"},
        details="Thẩm quyền cấp phép sau phân cấp thuộc Sở Khoa học và Công nghệ.",
    )
    entries = package_entries(content=content)
    entries[f"content/{IMAGE}"] = _png(48, 32)
    return build_zip(entries)


def _state_saved(response) -> bool:  # type: ignore[no-untyped-def]
    return "/state/" in response.url and response.request.method == "POST"


def test_content_type_uses_the_player_contract(page, live_server, learner, course):
    activity = add_activity_page(make_content(_contract_package()), course, publish=True)
    enrol(learner, course)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, learner)
    page.goto(activity.url)
    frame = page.locator("iframe.h5p-player")
    player = page.frame_locator("iframe.h5p-player")

    # H5P.getPath: the image stored in the package's content/ folder loads.
    expect(player.locator("img.thq-image")).to_have_js_property("naturalWidth", 48)

    # H5P.t: the core's own strings, in Vietnamese.
    more = player.locator(".thq-more")
    expect(more).to_have_text("Xem thêm")
    fullscreen = player.locator(".h5p-enable-fullscreen")
    expect(fullscreen).to_have_attribute("aria-label", "Toàn màn hình")

    # "resize": the content grows by 900 px, the frame follows.
    short = frame.bounding_box()
    assert short is not None and short["height"] < 900
    more.click()
    expect(frame).to_have_attribute("style", re.compile(r"height: \d{4}px"))

    # Fullscreen: the content learns it entered fullscreen (after the browser's change event).
    fullscreen.click()
    expect(player.locator(".thq[data-fullscreen='1']")).to_be_attached()

    # xAPI "answered" and "completed" with the score reach our endpoint and are stored;
    # after "completed" the core saves the state it gets from getCurrentState.
    player.get_by_label(ANSWERS[CORRECT]).check()
    with (
        page.expect_response(_state_saved, timeout=15_000),
        page.expect_response(completed_statement),
    ):
        player.locator(".thq-check").click()
    statements = {s.verb: s.statement for s in XAPIStatement.objects.filter(user=learner)}
    for verb in ("answered", "completed"):
        assert statements[verb]["result"]["score"] == {
            "min": 0,
            "max": 1,
            "raw": 1,
            "scaled": 1,
        }, verb
    result = H5PResult.objects.get(user=learner, content=activity.content)
    assert (result.score, result.max_score, result.success, result.completion) == (1, 1, True, True)
    assert json.loads(H5PUserData.objects.get(user=learner).data) == {"selected": CORRECT}

    # Resume: after a reload the saved answer is selected again.
    page.reload()
    expect(page.frame_locator("iframe.h5p-player").get_by_label(ANSWERS[CORRECT])).to_be_checked()
    assert errors == [], errors
