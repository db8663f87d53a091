"""Percentages as people read them: rounded for display, exact when compared to a threshold."""

from __future__ import annotations


def rounded_percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percent, rounded half up (2 of 3 is 67).

    Rounding never claims all or nothing when that is not true: 199 of 200 shows 99, not 100,
    and 1 of 300 shows 1, not 0. An empty whole is 0.
    """
    if whole <= 0 or part <= 0:
        return 0
    if part >= whole:
        return 100
    shown = (part * 200 + whole) // (whole * 2)
    return min(max(shown, 1), 99)


def reaches(part: int, whole: int, threshold: int) -> bool:
    """Whether `part` of `whole` is at least `threshold` percent, compared exactly (79.6 < 80)."""
    return whole > 0 and part * 100 >= threshold * whole
