"""Fixtures for training tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    """Check-in failure counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
