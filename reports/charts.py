"""Chart geometry computed on the server, drawn by templates as inline SVG (no scripts, no CDN)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    series: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    maximum: int
    series: list[str]
    baseline: float

    @property
    def is_empty(self) -> bool:
        return self.maximum == 0


def grouped_bars(
    groups: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    *,
    width: int = 640,
    height: int = 220,
) -> BarChart:
    """Bars for each group (e.g. a month) and series (e.g. enrolled, completed), side by side."""
    top, bottom, left = 16.0, 28.0, 8.0
    plot_height = height - top - bottom
    maximum = max((value for _, values in groups for value in values), default=0)
    slot = (width - left * 2) / max(len(groups), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    bars = []
    labels = []
    for index, (label, values) in enumerate(groups):
        x0 = left + index * slot + slot * 0.1
        for n, value in enumerate(values):
            h = plot_height * value / maximum if maximum else 0
            bars.append(
                Bar(
                    x=round(x0 + n * bar_width, 1),
                    y=round(top + plot_height - h, 1),
                    width=round(bar_width - 1, 1),
                    height=round(h, 1),
                    value=value,
                    label=label,
                    series=n,
                )
            )
        labels.append((round(x0 + slot * 0.4, 1), label))
    return BarChart(width, height, bars, labels, maximum, list(series), top + plot_height)


def month_label(month: datetime.date) -> str:
    """11/2026."""
    return month.strftime("%m/%Y")
