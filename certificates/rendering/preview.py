"""A template's made-up sample data, and the admin preview of it as a PDF or as HTML."""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

from django.http import HttpResponse
from django.utils.html import escape

from certificates import fetcher
from certificates.errors import MissingGlyph, TemplateProblem
from certificates.models import CertificateTemplate
from certificates.rendering.markup import base_css, document_html
from certificates.rendering.pdfs import render_single
from lib.dates import document_date


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
