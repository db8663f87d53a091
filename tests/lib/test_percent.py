"""Percentages are rounded for display and compared exactly against thresholds."""

from __future__ import annotations

import pytest

from lib.percent import reaches, rounded_percent


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (2, 3, 67),
        (1, 3, 33),
        (1, 2, 50),
        (1, 8, 13),
        (0, 3, 0),
        (3, 3, 100),
        (0, 0, 0),
        (199, 200, 99),
        (1, 300, 1),
        (796, 1000, 80),
    ],
)
def test_percentages_are_rounded_not_truncated(part, whole, shown):
    assert rounded_percent(part, whole) == shown


def test_thresholds_compare_the_exact_share():
    assert not reaches(796, 1000, 80)
    assert reaches(800, 1000, 80)
    assert reaches(4, 5, 80)
    assert not reaches(0, 0, 0)
