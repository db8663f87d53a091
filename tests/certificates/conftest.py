"""Every certificates test signs with a key of its own and starts with a clean cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from certificates import fetcher
from certificates.services import issue


@pytest.fixture(autouse=True)
def _signing_key(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.CERTIFICATE_SIGNING_KEY_PEM = ""
    settings.CERTIFICATE_SIGNING_KEY_PATH = tmp_path_factory.mktemp("keys") / "ed25519.pem"
    settings.SITE_URL = "https://taphuan.example.vn"
    cache.clear()
    fetcher.clear_cache()
    yield
    issue.after_store = None
    cache.clear()
