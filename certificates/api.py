"""API endpoints about the signed-in learner's certificates."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from certificates import selectors

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
    """The learner's certificates: status (valid, expired, revoked, superseded) and links.

    `verify_url` is the one printed and encoded in the certificate's QR code when it was issued.
    """
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
            # Links for this client: built from the request, so they answer where it was asked.
            pdf_url=request.build_absolute_uri(reverse("certificates:download", args=[c.code])),
            credential_url=request.build_absolute_uri(
                reverse("certificates:credential", args=[c.code])
            ),
            superseded_by=c.superseded_by.code if c.superseded_by else None,
        )
        for c in selectors.my_certificates(request.user)  # type: ignore[arg-type]
    ]
