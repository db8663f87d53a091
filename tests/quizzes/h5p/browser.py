"""Helpers for the H5P tests that play in Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

VENDOR = Path(settings.BASE_DIR) / "quizzes/h5p/static/h5p/vendor"
REQUIRED = set(os.environ.get("TEST_REQUIRE", "").replace(",", " ").split())


def require_player_assets() -> None:
    """Skip (or, where the browser group is required, fail) without h5p-standalone."""
    if not (VENDOR / "main.bundle.js").exists():
        if "browser" in REQUIRED:
            pytest.fail(
                "h5p-standalone is missing: run `make assets` (npm install --ignore-scripts)"
            )
        pytest.skip("h5p-standalone is missing: run `make assets` to play H5P in the browser")


def sign_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """Give the browser a session for `user`."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def completed_statement(response) -> bool:  # type: ignore[no-untyped-def]
    """Whether a response answers the lesson page's post of a "completed" statement."""
    body = response.request.post_data or ""
    return "/statements" in response.url and "verbs/completed" in body
