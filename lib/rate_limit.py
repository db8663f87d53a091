"""Fixed-window counters in the default cache (Redis when CACHE_URL is set, so every web
process shares them)."""

from __future__ import annotations

from django.core.cache import cache


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count one hit on `key`; True once more than `limit` hits fell in the current window."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
