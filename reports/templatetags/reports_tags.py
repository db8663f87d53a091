"""The heat map's cell, drawn in Python: a national matrix has hundreds of them."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.selectors import Cell

register = template.Library()

EMPTY_CELL = mark_safe('<td class="heat heat-none"><span class="none">–</span></td>')


@register.simple_tag
def heat_cell(cell: Cell) -> SafeString:
    # No title tooltip: phones never show it, and on the 34-province dashboard it repeated
    # what the cell and the table's caption say at a third of the page's weight.
    if not cell.enrolled:
        return EMPTY_CELL
    certified = (
        f'<span class="cert">{escape(_("%(k)s cert.") % {"k": cell.certified})}</span>'
        if cell.certified
        else ""
    )
    # Plain formatting, not format_html (a third of the page's rendering): every value but
    # the escaped label is an integer (":d" refuses anything else) or a heat step (0 to 5).
    return mark_safe(
        f'<td class="heat heat-{cell.heat}">'
        f'<span class="ratio">{cell.completed:d}/{cell.enrolled:d}</span> '
        f'<span class="pct">{cell.percent:d}%</span>{certified}</td>'
    )
