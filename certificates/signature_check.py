"""What the signature of a certificate PDF says, checked against our own trust roots only.

Used by the public verification page when someone uploads a PDF: nothing is fetched from the
network (no AIA, no OCSP); revocation comes from the configured CRLs.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from certificates.signing import common_name, config, outside_event_loop

logger = logging.getLogger(__name__)

VALID = "valid"
INVALID = "invalid"
UNTRUSTED = "untrusted"
UNSIGNED = "unsigned"


@dataclass(frozen=True)
class SignatureReport:
    """What a PDF's signature says: its status, who signed and when."""

    status: str
    signer: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False

    @property
    def signed(self) -> bool:
        return self.status != UNSIGNED

    @property
    def label(self) -> str:
        return {
            VALID: _("Valid digital signature"),
            INVALID: _("Invalid signature: the file was altered after it was signed"),
            UNTRUSTED: _("Signature by a certificate we do not trust"),
            UNSIGNED: _("Not digitally signed"),
        }[self.status]


def _certificates(paths: list[Any]) -> list[asn1_x509.Certificate]:
    found = []
    for path in paths:
        try:
            found.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError):
            logger.warning("PDF signing trust certificate %s cannot be read", path)
    return found


def validation_context() -> ValidationContext:
    """Trust only the configured roots; revocation from the configured CRLs, never fetched."""
    conf = config()
    crls = []
    for path in conf.get("CRL_PATHS") or []:
        try:
            crls.append(Path(path).read_bytes())
        except OSError:
            logger.warning("PDF signing CRL %s cannot be read", path)
    return ValidationContext(
        trust_roots=_certificates(conf.get("TRUST_ROOTS") or []),
        other_certs=_certificates(conf.get("CHAIN_PATHS") or []),
        crls=crls,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def validate_pdf(pdf: bytes) -> SignatureReport:
    """Check the last signature of a PDF against our trust roots."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - an unreadable upload is simply not a signed PDF
        return SignatureReport(UNSIGNED)
    if not embedded:
        return SignatureReport(UNSIGNED)
    signature = embedded[-1]
    try:
        # No analysis of later revisions: a file with any is reported altered below anyway.
        context = validation_context()
        status = outside_event_loop(
            lambda: validate_pdf_signature(signature, context, skip_diff=True)
        )
    except Exception:
        logger.info("PDF signature could not be evaluated", exc_info=True)
        return SignatureReport(INVALID)
    signed_at = status.signer_reported_dt
    stamp = status.timestamp_validity
    timestamped = stamp is not None
    if stamp is not None:
        signed_at = stamp.timestamp
    name = common_name(status.signing_cert) if status.signing_cert is not None else ""
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not (status.intact and status.valid and whole_file):
        result = INVALID
    elif not status.trusted or status.revoked:
        result = UNTRUSTED
    else:
        result = VALID
    return SignatureReport(result, signer=name, signed_at=signed_at, timestamped=timestamped)
