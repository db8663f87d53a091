"""PAdES signatures on certificate PDFs, with the issuing organisation's key.

The key comes from settings.CERTIFICATE_PDF_SIGNING: a PKCS#12 file and passphrase, or a
PKCS#11 token (USB token or HSM). A signature is PAdES B-B, or B-T when a timestamp
authority is configured. The field is invisible: the seal stays drawn by the template.
Opening the signer (reading the key, logging in to the token) is done once per job or
batch; signing one PDF then only hashes it and makes one signature.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from certificates.errors import SigningUnavailable
from lib.dates import short_date

logger = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    """Run `call` where pyHanko may start its own event loop (its sync API uses asyncio.run).

    Under an event loop already running in this thread (an ASGI server, Playwright's sync
    API in tests) asyncio.run refuses, so the call goes to a short-lived worker thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def config() -> dict[str, Any]:
    return dict(settings.CERTIFICATE_PDF_SIGNING)


def signing_enabled() -> bool:
    return bool(config().get("ENABLED"))


def configured_source() -> str | None:
    """'pkcs11' or 'pkcs12' when a signer is configured, else None."""
    conf = config()
    if conf.get("PKCS11_MODULE"):
        return "pkcs11"
    if conf.get("PKCS12_PATH"):
        return "pkcs12"
    return None


@dataclass
class LoadedSigner:
    """A signer opened for a job: the key, the PDF signer built around it, and its name."""

    pdf_signer: signers.PdfSigner
    name: str
    close: Any = None
    reserved: int | None = None


def common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    return str(subject.get("common_name") or subject.get("organization_name") or "")


def _check_validity(cert: asn1_x509.Certificate) -> None:
    validity = cert["tbs_certificate"]["validity"]
    now = timezone.now()
    not_after = validity["not_after"].native
    not_before = validity["not_before"].native
    if not_after < now:
        raise SigningUnavailable(
            _("The signing certificate of %(name)s expired on %(date)s: renew it first.")
            % {"name": common_name(cert), "date": short_date(timezone.localtime(not_after).date())}
        )
    if not_before > now:
        raise SigningUnavailable(
            _("The signing certificate of %(name)s is only valid from %(date)s.")
            % {
                "name": common_name(cert),
                "date": short_date(timezone.localtime(not_before).date()),
            }
        )


def _chain(conf: dict[str, Any]) -> list[asn1_x509.Certificate]:
    return [load_cert_from_pemder(str(path)) for path in conf.get("CHAIN_PATHS") or []]


def _pkcs12(conf: dict[str, Any]) -> signers.Signer:
    path = Path(conf["PKCS12_PATH"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningUnavailable(
            _("The signing key file %(path)s cannot be read (%(error)s).")
            % {"path": path, "error": exc.strerror or type(exc).__name__}
        ) from None
    passphrase = conf.get("PKCS12_PASSPHRASE") or ""
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=_chain(conf), passphrase=passphrase.encode() or None
        )
    except ValueError:
        # `from None`: the underlying error is never shown, so nothing about the secret is.
        raise SigningUnavailable(
            _(
                "The signing key file %(path)s cannot be opened: the passphrase "
                "(PDF_SIGNING_PKCS12_PASSPHRASE) is wrong or the file is damaged."
            )
            % {"path": path.name}
        ) from None
    return _ParsedKeySigner(loaded)


class _ParsedKeySigner(signers.SimpleSigner):  # type: ignore[misc]
    """pyHanko's SimpleSigner parses its private key again for every signature, which costs
    as much as the rest of signing a certificate for an RSA key; this one parses it once."""

    def __init__(self, base: signers.SimpleSigner) -> None:
        super().__init__(
            signing_cert=base.signing_cert,
            signing_key=base.signing_key,
            cert_registry=base.cert_registry,
        )
        self._parsed_key = serialization.load_der_private_key(base.signing_key.dump(), None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        algorithm = get_pyca_cryptography_hash(digest_algorithm)
        key = self._parsed_key
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), algorithm)
        if mechanism.signature_algo == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(algorithm))
        return bytes(super().sign_raw(data, digest_algorithm))


def _pkcs11(conf: dict[str, Any]) -> tuple[signers.Signer, Any]:
    from pkcs11 import exceptions as p11_errors
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    module = str(conf["PKCS11_MODULE"])
    token = str(conf.get("PKCS11_TOKEN_LABEL") or "")
    if not Path(module).exists():
        raise SigningUnavailable(
            _("The PKCS#11 module %(module)s does not exist (PDF_SIGNING_PKCS11_MODULE).")
            % {"module": module}
        )
    try:
        session = p11.open_pkcs11_session(
            module,
            token_criteria=TokenCriteria(label=token) if token else None,
            user_pin=str(conf.get("PKCS11_PIN") or "") or None,
        )
    except (p11_errors.PinIncorrect, p11_errors.PinLocked, p11_errors.PinInvalid):
        raise SigningUnavailable(
            _("The PIN of token %(token)s is wrong (PDF_SIGNING_PKCS11_PIN).") % {"token": token}
        ) from None
    except (OSError, RuntimeError, p11_errors.PKCS11Error) as exc:
        # pyHanko raises the bare PKCS11Error when no slot holds a token with this label.
        if type(exc) is p11_errors.PKCS11Error or isinstance(
            exc, p11_errors.NoSuchToken | p11_errors.TokenNotPresent
        ):
            raise SigningUnavailable(
                _(
                    "No token labelled %(token)s is present in %(module)s: plug it in or "
                    "check PDF_SIGNING_PKCS11_TOKEN_LABEL."
                )
                % {"token": token, "module": module}
            ) from None
        raise SigningUnavailable(
            _("The PKCS#11 module %(module)s cannot be used (%(error)s).")
            % {"module": module, "error": type(exc).__name__}
        ) from None
    key_label = str(conf.get("PKCS11_KEY_LABEL") or "")
    cert_path = conf.get("PKCS11_CERT_PATH")
    signer = p11.PKCS11Signer(
        session,
        key_label=key_label,
        cert_label=str(conf.get("PKCS11_CERT_LABEL") or key_label),
        signing_cert=load_cert_from_pemder(str(cert_path)) if cert_path else None,
        ca_chain=_chain(conf),
    )
    try:
        # Loads the certificate and finds the key now, so a wrong label stops the job here.
        signer._load_objects()
    except Exception:  # noqa: BLE001 - every cause comes down to "not on the token"
        session.close()
        raise SigningUnavailable(
            _("The key or certificate labelled %(label)s is not on token %(token)s.")
            % {"label": key_label, "token": token}
        ) from None
    return signer, session.close


def _timestamper(conf: dict[str, Any]) -> Any:
    url = conf.get("TSA_URL")
    if not url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=int(conf.get("TSA_TIMEOUT") or 10))


def load_signer() -> LoadedSigner:
    """Open the configured signer; SigningUnavailable names what is wrong."""
    conf = config()
    source = configured_source()
    close = None
    if source == "pkcs11":
        signer, close = _pkcs11(conf)
    elif source == "pkcs12":
        signer = _pkcs12(conf)
    else:
        raise SigningUnavailable(
            _(
                "No key is configured to sign certificates: set PDF_SIGNING_PKCS12_PATH and "
                "PDF_SIGNING_PKCS12_PASSPHRASE, or the PDF_SIGNING_PKCS11_* settings."
            )
        )
    try:
        _check_validity(signer.signing_cert)
    except SigningUnavailable:
        if close is not None:
            close()
        raise
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=conf.get("REASON") or "Cấp giấy chứng nhận",
        location=conf.get("LOCATION") or "Hà Nội",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=_timestamper(conf),
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME),
    )
    return LoadedSigner(
        pdf_signer=pdf_signer,
        name=common_name(signer.signing_cert),
        close=close,
        reserved=_room_for_signature(signer, timestamped=bool(conf.get("TSA_URL"))),
    )


def _room_for_signature(signer: signers.Signer, *, timestamped: bool) -> int:
    """Bytes to reserve for the signature container. Left to pyHanko, it signs every PDF
    twice to measure it; the container is the certificates plus a few kilobytes."""
    certificates = sum(len(c.dump()) for c in signer.cert_registry)
    return 4096 + 2 * certificates + (12288 if timestamped else 0)


@contextmanager
def open_signer() -> Iterator[LoadedSigner | None]:
    """The configured signer for the duration of a job, or None when signing is off."""
    if not signing_enabled():
        yield None
        return
    loaded = load_signer()
    try:
        yield loaded
    finally:
        if loaded.close is not None:
            loaded.close()


def sign_pdf(pdf: bytes, signer: LoadedSigner) -> bytes:
    """The PDF with an invisible PAdES signature appended as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    try:
        output = outside_event_loop(
            lambda: signer.pdf_signer.sign_pdf(writer, bytes_reserved=signer.reserved)
        )
    except Exception as exc:  # noqa: BLE001 - any cause stops the batch with its name
        # A timestamp authority that does not answer, a token pulled out mid-job.
        logger.warning("certificate PDF signing failed: %s", type(exc).__name__)
        raise SigningUnavailable(
            _("The certificate could not be signed (%(error)s).") % {"error": _signing_error(exc)}
        ) from None
    return bytes(output.getbuffer())


def _signing_error(exc: Exception) -> str:
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    if isinstance(exc, TimestampRequestError):
        return _("the timestamp authority (PDF_SIGNING_TSA_URL) did not answer")
    return type(exc).__name__
