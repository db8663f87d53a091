"""The HTML and base style sheet of a batch: one page-sized section per certificate.

Each section is the template's sandboxed body filled with the frozen data, the QR code of the
verification URL and the template's images.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import segno
from django.template import Template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from certificates import fetcher, fonts, sandbox
from certificates.errors import TemplateProblem
from certificates.models import CertificateTemplate, Orientation, PageSize

PAGE_MM = {
    PageSize.A4: (210, 297),
    PageSize.A5: (148, 210),
    PageSize.LETTER: (216, 279),
}


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


def compile_body(template: CertificateTemplate) -> Template:
    """The body compiled in the sandbox; TemplateProblem if it or the style sheet is refused."""
    if len(template.css or "") > sandbox.MAX_SOURCE_CHARS:
        raise TemplateProblem(
            _("The style sheet is longer than %(count)s characters.")
            % {"count": sandbox.MAX_SOURCE_CHARS},
            field="css",
        )
    return sandbox.compile_body(template.body_html)


def document_html(items: Sequence[Mapping[str, Any]], template: CertificateTemplate) -> str:
    body = compile_body(template)
    sections = []
    for index, data in enumerate(items):
        inner = sandbox.render_body(body, context_for(data, template))
        sections.append(f'<section class="certificate" id="c{index}">{inner}</section>')
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(template.title)}</title></head><body>{''.join(sections)}</body></html>"
    )
