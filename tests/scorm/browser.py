"""What a browser test of SCORM playback needs: the scorm-again runtime (`make assets`) and a
content origin that the browser treats as another site."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "scorm/static/scorm/vendor"


def serve_content_from_another_host(live_server: Any, settings: Any) -> None:
    """Fail (CI requires browsers) or skip when the runtime is not built; then serve SCORM
    content on 127.0.0.1 while the platform is localhost: another host to the browser (no
    platform cookie), like a separate SCORM domain in production."""
    if not all((VENDOR / name).exists() for name in ("scorm12.min.js", "scorm2004.min.js")):
        if "browser" in os.environ.get("TEST_REQUIRE", "").replace(",", " ").split():
            pytest.fail("scorm-again is missing: run `make assets` (npm install --ignore-scripts)")
        pytest.skip("scorm-again is missing: run `make assets` to play SCORM in the browser")
    settings.SCORM_ORIGIN = live_server.url.replace("localhost", "127.0.0.1")
    assert live_server.url != settings.SCORM_ORIGIN
