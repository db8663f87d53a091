"""One WeasyPrint document for a batch: style sheets, rendering, and what the PDF may not hold."""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from certificates import fetcher, fonts
from certificates.errors import TemplateProblem
from certificates.models import CertificateTemplate
from certificates.rendering.markup import base_css, document_html

_local = threading.local()


def _parse_stylesheets(
    template: CertificateTemplate, url_fetcher: fetcher.TemplateFetcher
) -> tuple[FontConfiguration, list[CSS]]:
    font_config = FontConfiguration()
    sheets = [
        CSS(string=base_css(template), font_config=font_config, url_fetcher=url_fetcher),
        CSS(string=template.css or "", font_config=font_config, url_fetcher=url_fetcher),
    ]
    return font_config, sheets


def _stylesheets(template: CertificateTemplate) -> tuple[FontConfiguration, list[CSS]]:
    """Font configuration and parsed style sheets, reused while the template is unchanged."""
    key = (template.pk, template.fingerprint, str(fonts.font_dir()))
    cached = getattr(_local, "styles", None)
    if cached is None or cached[0] != key:
        cached = (key, *_parse_stylesheets(template, fetcher.TemplateFetcher(template)))
        _local.styles = cached
    return cached[1], cached[2]


def _drop_attachments(document: Any) -> None:
    """Leave out every file a template asks to attach (`<link>` or `<a rel="attachment">`)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def _refuse_embedded_files(pdf: bytes) -> None:
    """Fail closed if a PDF carries an attached file in any form."""
    reader = PdfReader(io.BytesIO(pdf))
    names = reader.root_object.get("/Names")
    embedded = names is not None and "/EmbeddedFiles" in names.get_object()
    annotated = any(
        annotation.get_object().get("/Subtype") == "/FileAttachment"
        for page in reader.pages
        for annotation in (page.get("/Annots") or [])
    )
    if embedded or annotated:
        raise TemplateProblem(_("A certificate cannot carry attached files."))


def render_document(
    items: Sequence[Mapping[str, Any]],
    template: CertificateTemplate,
    *,
    url_fetcher: fetcher.TemplateFetcher | None = None,
) -> bytes:
    """One PDF holding every item, one page each.

    Only the template's own assets and data: URIs are loaded (certificates.fetcher) and no
    file is attached. A `url_fetcher` given by the caller (template checks) keeps the list
    of what it refused, and the style sheets are parsed afresh with it.
    """
    if url_fetcher is None:
        url_fetcher = fetcher.TemplateFetcher(template)
        font_config, sheets = _stylesheets(template)
    else:
        font_config, sheets = _parse_stylesheets(template, url_fetcher)
    html = HTML(string=document_html(items, template), url_fetcher=url_fetcher)
    document = html.render(stylesheets=sheets, font_config=font_config)
    if len(document.pages) != len(items) or any(_overflows(page) for page in document.pages):
        raise TemplateProblem(
            _("The certificate does not fit on one page: shorten the text or the layout.")
        )
    _drop_attachments(document)
    pdf = bytes(document.write_pdf())
    _refuse_embedded_files(pdf)
    return pdf


def _overflows(page: Any) -> bool:
    """Whether any box of the page's certificate reaches past the bottom of the page."""
    page_box = getattr(page, "_page_box", None)
    if page_box is None:
        return False
    limit = page.height + 1
    for box in page_box.descendants():
        top = getattr(box, "position_y", 0)
        height = getattr(box, "height", 0)
        if not isinstance(top, (int, float)) or not isinstance(height, (int, float)):
            continue
        if top + height > limit:
            return True
    return False
