"""Certificates as PDF bytes, in bulk or one at a time.

Rendering one WeasyPrint document per certificate pays the fixed costs of a document (page
background and images encoded into the PDF, fonts subset, style sheets cascaded) every time.
`render_pdfs` renders a whole batch as one document and splits it into one self-contained PDF
per certificate with pypdf, keeping in each file only the resources its page uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from certificates.models import CertificateTemplate
from certificates.rendering.document import render_document
from certificates.rendering.printed import check_data
from certificates.rendering.split import split_pages


def render_pdfs(items: Sequence[Mapping[str, Any]], template: CertificateTemplate) -> list[bytes]:
    """One PDF per item, rendered as one document (the bulk pipeline's unit of work)."""
    if not items:
        return []
    for data in items:
        check_data(data)
    return split_pages(render_document(items, template))


def render_single(data: Mapping[str, Any], template: CertificateTemplate) -> bytes:
    """One certificate as its own WeasyPrint document (what the pipeline avoids in bulk)."""
    check_data(data)
    return render_document([data], template)
