"""From a certificate's frozen data to PDF bytes.

Rendering one WeasyPrint document per certificate pays the fixed costs of a document (page
background and images encoded into the PDF, fonts subset, style sheets cascaded) every time.
`render_pdfs` renders a whole batch as one document and splits it into one self-contained PDF
per certificate with pypdf, keeping in each file only the resources its page uses.
"""

from __future__ import annotations

import base64
import datetime
import io
import logging
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import segno
from django.http import HttpResponse
from django.template import Template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from certificates import fetcher, fonts, sandbox, template_checks
from certificates.errors import MissingGlyph, TemplateProblem
from certificates.models import CertificateTemplate, Orientation, PageSize
from lib.dates import document_date

logger = logging.getLogger(__name__)

PAGE_MM = {
    PageSize.A4: (210, 297),
    PageSize.A5: (148, 210),
    PageSize.LETTER: (216, 279),
}
# Values of the frozen data that are printed on the certificate.
PRINTED_FIELDS = (
    "holder_name",
    "holder_position",
    "unit_name",
    "province_name",
    "achievement_title",
    "achievement_kind",
    "period",
    "hours",
    "score",
    "attendance",
    "serial",
    "place",
    "date_line",
    "valid_until_text",
    "issuer_name",
    "issuer_unit",
    "title",
    "signer_authority",
    "signer_title",
    "signer_name",
)
_NAME_TOKEN = re.compile(rb"/([^\s/\[\]()<>{}%]+)")
_RESOURCE_KINDS = (
    "/XObject",
    "/Font",
    "/ExtGState",
    "/Pattern",
    "/Shading",
    "/ColorSpace",
    "/Properties",
)


def field_labels() -> dict[str, str]:
    labels = {
        "holder_name": _("the holder's name"),
        "holder_position": _("the position"),
        "unit_name": _("the unit"),
        "province_name": _("the province"),
        "achievement_title": _("the course or session title"),
        "achievement_kind": _("the achievement wording"),
        "issuer_name": _("the issuing body"),
        "issuer_unit": _("the issuing unit"),
        "title": _("the title"),
        "signer_authority": _("the signing authority"),
        "signer_title": _("the signer's title"),
        "signer_name": _("the signer's name"),
        "place": _("the place"),
    }
    return {key: str(labels.get(key, key)) for key in PRINTED_FIELDS}


def check_data(data: Mapping[str, Any]) -> None:
    """Raise MissingGlyph if any printed value has a character the font cannot print."""
    fonts.check_glyphs({key: data.get(key, "") for key in PRINTED_FIELDS}, field_labels())


# ---------------------------------------------------------------------------------------
# Images: the template's uploads and the built-in border, named by identifier.


def template_assets(template: CertificateTemplate) -> dict[str, str]:
    """The URLs a body uses for the template's images (empty when there is no image)."""
    return {
        f"{name}_url": fetcher.asset_url(name)
        if name == "background" or fetcher.has_image(template, name)
        else ""
        for name in fetcher.IMAGE_NAMES
    }


# ---------------------------------------------------------------------------------------
# HTML for a batch.


def qr_image(url: str) -> SafeString:
    """The QR code of `url` as a PNG of one pixel per module, scaled without smoothing."""
    src = segno.make(url, error="m").png_data_uri(scale=1, border=0)
    return format_html('<img class="qr" src="{}" alt="{}">', src, url)


def context_for(data: Mapping[str, Any], template: CertificateTemplate) -> dict[str, Any]:
    """Template variables: the frozen data, the QR code and the template's images."""
    context = dict(data)
    context["qr"] = qr_image(str(data.get("verify_url", "")))
    context.update(template_assets(template))
    return context


def base_css(template: CertificateTemplate, *, embed_fonts: bool = True) -> str:
    width, height = PAGE_MM[PageSize(template.page_size)]
    if template.orientation == Orientation.LANDSCAPE:
        width, height = height, width
    background = template_assets(template)["background_url"]
    font_faces = fonts.font_face_css(fetcher.font_url) if embed_fonts else ""
    return f"""
{font_faces}
@page {{
  size: {width}mm {height}mm; margin: 0;
  background: url("{background}") no-repeat center / 100% 100%;
}}
html {{ font-family: "{fonts.FAMILY}"; font-size: 13pt; line-height: 1.35; color: #111; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
.certificate {{
  position: relative; box-sizing: border-box; width: {width}mm; height: {height}mm;
  overflow: hidden; break-after: page;
}}
.certificate:last-child {{ break-after: auto; }}
img.qr {{ image-rendering: pixelated; }}
"""


def _compile(template: CertificateTemplate) -> Template:
    if len(template.css or "") > sandbox.MAX_SOURCE_CHARS:
        raise TemplateProblem(
            _("The style sheet is longer than %(count)s characters.")
            % {"count": sandbox.MAX_SOURCE_CHARS},
            field="css",
        )
    return sandbox.compile_body(template.body_html)


def document_html(items: Sequence[Mapping[str, Any]], template: CertificateTemplate) -> str:
    body = _compile(template)
    sections = []
    for index, data in enumerate(items):
        inner = sandbox.render_body(body, context_for(data, template))
        sections.append(f'<section class="certificate" id="c{index}">{inner}</section>')
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(template.title)}</title></head><body>{''.join(sections)}</body></html>"
    )


# ---------------------------------------------------------------------------------------
# Rendering and splitting.

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


def _names_used(stream_data: bytes) -> set[str]:
    return {"/" + match.decode("latin-1") for match in _NAME_TOKEN.findall(stream_data)}


def _prune_resources(node: DictionaryObject, content: bytes, seen: set[int]) -> None:
    """Give `node` (a page or form) its own resources, keeping only names its content uses.

    WeasyPrint shares one resource dictionary between all the pages of a document, so a page
    copied as it is would carry every other certificate's images along.
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    resources = node.get("/Resources")
    if resources is None:
        return
    used = _names_used(content)
    pruned = DictionaryObject()
    for kind, value in resources.get_object().items():
        entries = value.get_object()
        if kind in _RESOURCE_KINDS and isinstance(entries, DictionaryObject):
            kept = DictionaryObject(
                {NameObject(name): ref for name, ref in entries.items() if name in used}
            )
            pruned[NameObject(kind)] = kept
            if kind == "/XObject":
                for ref in kept.values():
                    form = ref.get_object()
                    if form.get("/Subtype") == "/Form":
                        _prune_resources(form, form.get_data(), seen)
        else:
            pruned[NameObject(kind)] = value
    node[NameObject("/Resources")] = pruned


def split_pages(pdf: bytes) -> list[bytes]:
    """One self-contained PDF per page of `pdf`."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = []
    for page in reader.pages:
        contents = page.get_contents()
        _prune_resources(page, contents.get_data() if contents is not None else b"", set())
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Producer": "Tập huấn KH&CN", "/Title": "Giấy chứng nhận"})
        buffer = io.BytesIO()
        writer.write(buffer)
        parts.append(buffer.getvalue())
    return parts


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


# ---------------------------------------------------------------------------------------
# Template checks and the admin preview.


def sample_data(template: CertificateTemplate) -> dict[str, Any]:
    """Made-up data in the shape of a real snapshot, for previews and template checks."""
    issued = datetime.date(2025, 11, 13)
    return {
        "holder_name": "Nguyễn Thị Hồng Nhung",
        "holder_position": "Chuyên viên Phòng Quản lý chuyên ngành",
        "unit_name": "Sở Khoa học và Công nghệ Quảng Trị",
        "province_name": "Tỉnh Quảng Trị",
        "achievement_title": "Phân cấp, phân quyền trong lĩnh vực sở hữu trí tuệ",
        "achievement_kind": "khóa tập huấn",
        "period": "từ ngày 13/11/2025 đến ngày 14/11/2025",
        "hours": "12",
        "score": "85,5%",
        "attendance": "100%",
        "serial": "0123/2025/GCN-BKHCN",
        "code": "MAU0MAU0MAU0MAU0",
        "verify_url": "https://taphuan.example.vn/verify/MAU0MAU0MAU0MAU0/",
        "place": template.place,
        "date_line": f"{template.place}, {document_date(issued)}",
        "valid_until_text": "",
        "issuer_name": template.issuer_name,
        "issuer_unit": template.issuer_unit,
        "title": template.title,
        "signer_authority": template.signer_authority,
        "signer_title": template.signer_title,
        "signer_name": template.signer_name,
    }


def check_template(template: CertificateTemplate) -> None:
    """Raise TemplateProblem unless the template makes a one-page certificate from its own
    assets alone: no file, URL or upload of anyone else, no attachment, within its budget."""
    body = _compile(template)
    template_checks.check_html(template, template.body_html, source=True)
    template_checks.check_css(template, template.css or "")
    data = sample_data(template)
    try:
        check_data(data)
        filled = sandbox.render_body(body, context_for(data, template))
        text = re.sub(r"<[^>]+>", " ", filled)
        fonts.check_glyphs({"body_html": text}, {"body_html": _("the body")})
    except MissingGlyph as exc:
        field = exc.field if exc.field in {f.name for f in template._meta.fields} else "body_html"
        raise TemplateProblem(exc.message, field=field) from exc
    template_checks.check_html(template, filled)
    url_fetcher = fetcher.TemplateFetcher(template, strict=True)
    try:
        render_document([data], template, url_fetcher=url_fetcher)
    except FatalURLFetchingError as exc:
        refused = exc.__cause__
        url = refused.url if isinstance(refused, fetcher.RefusedURL) else str(exc)
        raise template_checks.refused_url(url) from exc
    except (TemplateProblem, MissingGlyph):
        raise
    except Exception as exc:
        logger.warning("certificate template %s cannot be rendered", template.pk, exc_info=True)
        raise TemplateProblem(
            _("The template cannot be rendered: %(error)s") % {"error": str(exc)[:200]}
        ) from exc
    if url_fetcher.refused:
        # Some refusals (inside an SVG image) are caught by WeasyPrint, not raised.
        raise template_checks.refused_url(url_fetcher.refused[0])


def preview_response(template: CertificateTemplate, *, html: bool = False) -> HttpResponse:
    data = sample_data(template)
    try:
        if html:
            page = document_html([data], template).replace(
                "<head>",
                f"<head><style>{base_css(template, embed_fonts=False)}\n{template.css}</style>",
                1,
            )
            return HttpResponse(
                _ASSET_URL.sub(lambda match: asset_data_uri(template, match.group(0)), page)
            )
        pdf = render_single(data, template)
    except (TemplateProblem, MissingGlyph) as exc:
        return HttpResponse(
            f'<p style="font-family:sans-serif;color:#b00">{escape(exc.message)}</p>'
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="mau-giay-chung-nhan.pdf"'
    return response


_ASSET_URL = re.compile(r"asset:[A-Za-z0-9_-]+")


def asset_data_uri(template: CertificateTemplate, url: str) -> str:
    """An allowed `asset:` URL as a data URI, for the HTML preview shown in a browser."""
    try:
        data, mime = fetcher.load_asset(template, url)
    except (OSError, ValueError):
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"
