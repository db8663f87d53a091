"""Signing through a PKCS#11 token (SoftHSM 2 standing in for a USB token or HSM)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from certificates import services, signature_check
from certificates.errors import SigningUnavailable
from certificates.models import Certificate
from certificates.pki import DevPki
from tests.certificates.factories import course_with_rule, finish_course, learner
from tests.certificates.pades_tools import missing_pdfsig_tools, nss_db, pdfsig
from tests.conftest import pdf_signing_settings, softhsm_module

pytestmark = [pytest.mark.django_db, pytest.mark.softhsm]

TOKEN = "BKHCN"
KEY = "ky-so-giay-chung-nhan"
PIN = "246810"


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    key_label: str
    pin: str


@pytest.fixture(scope="session")
def softhsm_token(dev_pki: DevPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    """A SoftHSM token in a folder of its own holding the signer's key and certificate.

    SoftHSM reads SOFTHSM2_CONF when the module is first loaded, once per process, so the
    token is made once per test run.
    """
    module = softhsm_module()
    if module is None:
        pytest.skip("[softhsm] SoftHSM 2 is not installed (apt-get install softhsm2)")
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN, "--so-pin", "13579", "--pin", PIN],
        check=True,
        capture_output=True,
    )
    key = str(dev_pki.signer_key)
    subprocess.run(
        [*util, "--import", key, "--token", TOKEN, "--label", KEY, "--id", "01", "--pin", PIN],
        check=True,
        capture_output=True,
    )
    _store_certificate(module, dev_pki.signer_cert)
    yield Token(module=module, label=TOKEN, key_label=KEY, pin=PIN)
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def _store_certificate(module: str, cert_path: Path) -> None:
    """Put the signer's certificate next to its key, as a token issued by a CA holds it."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    token = pkcs11.lib(module).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )


def token_settings(pki: DevPki, token: Token, **overrides: object) -> dict[str, object]:
    """The token holds the signer's key and certificate; the issuing CA's certificate is
    configured so that each signature carries the whole chain."""
    values: dict[str, object] = {
        "PKCS12_PATH": "",
        "PKCS11_MODULE": token.module,
        "PKCS11_TOKEN_LABEL": token.label,
        "PKCS11_KEY_LABEL": token.key_label,
        "PKCS11_PIN": token.pin,
        "CHAIN_PATHS": [str(pki.issuing)],
    }
    return pdf_signing_settings(pki, **{**values, **overrides})


def finished_course():
    person = learner("Võ Thị Sáu")
    course, _rule = course_with_rule()
    finish_course(person, course)
    return person, course


def test_a_certificate_is_signed_with_the_key_on_the_token(
    settings, dev_pki, softhsm_token, tmp_path
):
    settings.CERTIFICATE_PDF_SIGNING = token_settings(dev_pki, softhsm_token)
    person, course = finished_course()

    certificate = services.issue_certificate(person, course=course, notify=False)

    with certificate.pdf.open("rb") as handle:
        pdf = handle.read()
    report = signature_check.validate_pdf(pdf)
    assert report.status == signature_check.VALID
    assert report.signer == certificate.pdf_signed_by == "Bộ Khoa học và Công nghệ"
    if not missing_pdfsig_tools():
        checked = pdfsig(pdf, nss_db(tmp_path / "nss", dev_pki.root), tmp_path)
        assert checked["Signature Validation"] == "Signature is Valid.", checked["_output"]
        assert checked["Certificate Validation"] == "Certificate is Trusted."


def test_a_missing_token_stops_issuance(settings, dev_pki, softhsm_token):
    settings.CERTIFICATE_PDF_SIGNING = token_settings(
        dev_pki, softhsm_token, PKCS11_TOKEN_LABEL="KHONG-CAM-TOKEN"
    )
    person, course = finished_course()
    with pytest.raises(SigningUnavailable, match="KHONG-CAM-TOKEN"):
        services.issue_certificate(person, course=course, notify=False)
    assert not Certificate.objects.exists()


def test_a_wrong_pin_stops_issuance_without_showing_it(settings, dev_pki, softhsm_token):
    settings.CERTIFICATE_PDF_SIGNING = token_settings(dev_pki, softhsm_token, PKCS11_PIN="999999")
    person, course = finished_course()
    with pytest.raises(SigningUnavailable) as caught:
        services.issue_certificate(person, course=course, notify=False)
    assert "PDF_SIGNING_PKCS11_PIN" in caught.value.message
    assert "999999" not in caught.value.message
    assert not Certificate.objects.exists()


def test_a_key_label_not_on_the_token_stops_issuance(settings, dev_pki, softhsm_token):
    settings.CERTIFICATE_PDF_SIGNING = token_settings(
        dev_pki, softhsm_token, PKCS11_KEY_LABEL="khoa-khac"
    )
    person, course = finished_course()
    with pytest.raises(SigningUnavailable, match="khoa-khac"):
        services.issue_certificate(person, course=course, notify=False)
    assert not Certificate.objects.exists()
