"""The heat map's cell, drawn in Python: a national matrix has hundreds of them."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reports.selectors import Cell

register = template.Library()


@register.simple_tag
def heat_cell(cell: Cell) -> SafeString:
    # No title tooltip: phones never show it, and on the 34-province dashboard it repeated
    # what the cell and the table's caption say at a third of the page's weight.
    if not cell.enrolled:
        return format_html('<td class="heat heat-none"><span class="none">–</span></td>')
    certified = (
        format_html('<span class="cert">{}</span>', _("%(k)s cert.") % {"k": cell.certified})
        if cell.certified
        else ""
    )
    return format_html(
        '<td class="heat heat-{}"><span class="ratio">{}/{}</span> '
        '<span class="pct">{}%</span>{}</td>',
        cell.heat,
        cell.completed,
        cell.enrolled,
        cell.percent,
        certified,
    )
