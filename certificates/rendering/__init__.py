"""From a certificate's frozen data to PDF bytes.

`pdfs` renders certificates (`printed` checks their values, `markup` builds the HTML, `document`
runs WeasyPrint, `split` cuts a batch into one PDF each); `check` and `preview` render a
template's made-up sample for its check and the admin preview.
"""

from certificates.rendering.check import check_template
from certificates.rendering.pdfs import render_pdfs, render_single
from certificates.rendering.preview import preview_response, sample_data
from certificates.rendering.printed import check_data

__all__ = [
    "check_data",
    "check_template",
    "preview_response",
    "render_pdfs",
    "render_single",
    "sample_data",
]
