"""System checks: with signing on, a usable signer must be configured before the site starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from certificates import signing
from certificates.errors import SigningUnavailable

HOW = (
    "Set PDF_SIGNING_PKCS12_PATH and PDF_SIGNING_PKCS12_PASSPHRASE, or PDF_SIGNING_PKCS11_MODULE, "
    "PDF_SIGNING_PKCS11_TOKEN_LABEL, PDF_SIGNING_PKCS11_KEY_LABEL and PDF_SIGNING_PKCS11_PIN; "
    "or PDF_SIGNING_ENABLED=false to issue unsigned PDFs. In development: manage.py make_dev_pki. "
    "/ Đặt PDF_SIGNING_PKCS12_PATH và PDF_SIGNING_PKCS12_PASSPHRASE, hoặc các biến "
    "PDF_SIGNING_PKCS11_*; khi phát triển, chạy manage.py make_dev_pki."
)


@register("certificates")
def signer_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Signing on with no signer, or a PKCS#12 file that is not there, stops the site."""
    if not signing.signing_enabled():
        if settings.DEBUG:
            return [
                Warning(
                    "Certificate PDFs are issued unsigned. / Giấy chứng nhận đang được cấp "
                    "không có chữ ký số.",
                    hint="Run manage.py make_dev_pki (make run does). / Chạy manage.py "
                    "make_dev_pki.",
                    id="certificates.W001",
                )
            ]
        return []
    conf = signing.config()
    source = signing.configured_source()
    if source is None:
        return [
            Error(
                "Certificate PDFs are signed (PDF_SIGNING_ENABLED) but no signer is configured. "
                "/ Giấy chứng nhận được ký số nhưng chưa cấu hình khóa ký.",
                hint=HOW,
                id="certificates.E001",
            )
        ]
    if source == "pkcs12" and not Path(conf["PKCS12_PATH"]).is_file():
        return [
            Error(
                f"The signing key file {conf['PKCS12_PATH']} does not exist. "
                "/ Không tìm thấy tệp khóa ký số.",
                hint=HOW,
                id="certificates.E002",
            )
        ]
    return []


@register("certificates", Tags.security, deploy=True)
def signer_opens(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """`check --deploy` opens the signer: a wrong passphrase or an expired certificate shows now."""
    if not signing.signing_enabled() or signing.configured_source() is None:
        return []
    try:
        with signing.open_signer():
            return []
    except SigningUnavailable as exc:
        return [Error(exc.message, hint=HOW, id="certificates.E003")]
