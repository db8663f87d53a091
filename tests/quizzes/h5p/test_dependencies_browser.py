"""In Chromium: packages whose libraries depend on each other play with no page error, loading
each library once, after what it needs, never an editor library; and a package exported
without its libraries plays once those are installed and approved."""

from __future__ import annotations

import pytest

from courses.services import enrol
from quizzes.h5p.services import add_activity_page
from tests.quizzes.h5p import dependency_packages as packages
from tests.quizzes.h5p.browser import require_player_assets, sign_in
from tests.quizzes.h5p.factories import make_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _player_assets():
    require_player_assets()


def _play(page, activity, errors: list[str]) -> str:
    """Open the activity; the load order the content shows, once it has rendered."""
    page.goto(activity.url)
    order = page.frame_locator("iframe.h5p-player").locator(".dep-order")
    order.wait_for()
    assert errors == [], errors
    return order.inner_text()


def test_dependency_packages_play_in_the_core_order_without_editor_code(
    page, live_server, learner, course
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    enrol(learner, course)
    activities = {
        name: add_activity_page(make_content(build()), course, publish=True)
        for name, build in (
            ("editor", packages.editor_package),
            ("chain", packages.chain_package),
            ("diamond", packages.diamond_package),
        )
    }
    sign_in(page, live_server, learner)

    # (a) The editor libraries (whose code throws without H5PEditor) are never loaded.
    assert _play(page, activities["editor"], errors) == "TapHuanBookUtil TapHuanBook"
    title = page.frame_locator("iframe.h5p-player").locator(".dep-title")
    assert title.inner_text() == packages.BOOK_TITLE

    # (b) Five levels deep: the deepest first.
    assert _play(page, activities["chain"], errors) == (
        "TapHuanChainL4 TapHuanChainL3 TapHuanChainL2 TapHuanChainL1 TapHuanChain"
    )

    # (c) The diamond: D once, before B and C, as the core orders them.
    assert _play(page, activities["diamond"], errors) == (
        "TapHuanDiamondD TapHuanDiamondB TapHuanDiamondC TapHuanDiamondA"
    )

    # A package exported without its libraries, accepted now that they are installed and
    # approved (by the chain package above), plays.
    bare = make_content(packages.chain_package(with_libraries=False))
    activity = add_activity_page(bare, course, publish=True)
    assert _play(page, activity, errors).endswith("TapHuanChainL1 TapHuanChain")
