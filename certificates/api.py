"""API endpoints about the signed-in learner's certificates."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from certificates import credentials, selectors

router = Router(tags=["certificates"])


class MyCertificateOut(Schema):
    code: str
    serial: str
    status: str
    title: str
    holder_name: str
    issued_at: datetime
    valid_until: date | None
    verify_url: str
    pdf_url: str
    credential_url: str
    superseded_by: str | None


@router.get("/certificates/", response=list[MyCertificateOut], url_name="me_certificates")
def my_certificates(request: HttpRequest) -> list[MyCertificateOut]:
    """The learner's certificates: status (valid, expired, revoked, superseded) and links."""
    return [
        MyCertificateOut(
            code=c.code,
            serial=c.serial,
            status=c.public_status,
            title=c.title,
            holder_name=c.holder_name,
            issued_at=c.issued_at,
            valid_until=c.valid_until,
            verify_url=str(c.snapshot.get("verify_url", "")),
            pdf_url=credentials.absolute(reverse("certificates:download", args=[c.code])),
            credential_url=credentials.credential_url(c.code),
            superseded_by=c.superseded_by.code if c.superseded_by else None,
        )
        for c in selectors.my_certificates(request.user)  # type: ignore[arg-type]
    ]
