"""The heat map's cells: the exact markup, with the one text in them escaped."""

from __future__ import annotations

from django.utils import translation

from reports.selectors import Cell
from reports.templatetags.reports_tags import heat_cell


def test_a_cell_shows_completed_of_enrolled_its_share_and_certificates() -> None:
    with translation.override("en"):
        assert str(heat_cell(Cell(3, 2, 1))) == (
            '<td class="heat heat-3"><span class="ratio">2/3</span> '
            '<span class="pct">67%</span><span class="cert">1 cert.</span></td>'
        )
        assert str(heat_cell(Cell(5, 5, 0))) == (
            '<td class="heat heat-5"><span class="ratio">5/5</span> '
            '<span class="pct">100%</span></td>'
        )


def test_an_empty_cell_is_a_dash() -> None:
    assert str(heat_cell(Cell())) == '<td class="heat heat-none"><span class="none">–</span></td>'


def test_the_certificate_label_is_escaped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("reports.templatetags.reports_tags._", lambda text: "<b>%(k)s</b> & co")
    assert '<span class="cert">&lt;b&gt;2&lt;/b&gt; &amp; co</span>' in str(
        heat_cell(Cell(4, 1, 2))
    )
