"""PAdES signatures on issued certificates, checked by pyHanko and by poppler's pdfsig."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import services, signature_check
from certificates.models import Certificate
from certificates.pki import DevPki, make_dev_pki
from people.roles import Role
from tests.certificates.factories import course_with_rule, department, finish_course, learner
from tests.certificates.pades_tools import (
    change_one_byte,
    local_tsa,
    missing_pdfsig_tools,
    nss_db,
    pdfsig,
)
from tests.conftest import pdf_signing_settings
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def pdf_of(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def issue() -> Certificate:
    person = learner("Đặng Thị Ngọc Ánh", unit=department("Quảng Trị"))
    course, _rule = course_with_rule()
    finish_course(person, course)
    return services.issue_certificate(person, course=course, notify=False)


@pytest.fixture
def issued() -> Certificate:
    return issue()


@pytest.fixture(scope="module")
def nssdir(dev_pki: DevPki, tmp_path_factory: pytest.TempPathFactory) -> str:
    if missing_pdfsig_tools():
        pytest.skip(f"[pdfsig] not installed: {', '.join(missing_pdfsig_tools())}")
    return nss_db(tmp_path_factory.mktemp("nss"), dev_pki.root)


def test_issued_pdf_is_signed_pades_with_reason_location_and_stored_hash(issued):
    pdf = pdf_of(issued)
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert issued.pdf_signed_by == "Bộ Khoa học và Công nghệ"
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Reason"] == "Cấp giấy chứng nhận"
    assert signature.sig_object["/Location"] == "Hà Nội"
    # Invisible: the seal is the template's, the field has no area on the page.
    rect = [float(v) for v in signature.sig_field.get("/Rect", [0, 0, 0, 0])]
    assert rect[2] - rect[0] == 0 and rect[3] - rect[1] == 0

    report = signature_check.validate_pdf(pdf)
    assert report.status == signature_check.VALID
    assert report.signer == "Bộ Khoa học và Công nghệ"
    assert report.signed_at is not None and not report.timestamped


@pytest.mark.pdfsig
def test_pdfsig_and_pyhanko_say_valid_then_invalid_after_one_changed_byte(issued, nssdir, tmp_path):
    pdf = pdf_of(issued)
    checked = pdfsig(pdf, nssdir, tmp_path)
    assert checked["Signature Validation"] == "Signature is Valid.", checked["_output"]
    assert checked["Certificate Validation"] == "Certificate is Trusted.", checked["_output"]
    assert checked["Signer Certificate Common Name"] == "Bộ Khoa học và Công nghệ"
    assert "Total document signed" in checked

    altered = change_one_byte(pdf)
    assert len(altered) == len(pdf) and altered != pdf
    assert pdfsig(altered, nssdir, tmp_path)["Signature Validation"] == "Digest Mismatch."
    assert signature_check.validate_pdf(altered).status == signature_check.INVALID


@pytest.mark.pdfsig
def test_with_a_timestamp_authority_the_signature_is_pades_b_t(dev_pki, settings, nssdir, tmp_path):
    with local_tsa(dev_pki) as url:
        settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki, TSA_URL=url)
        certificate = issue()
    pdf = pdf_of(certificate)

    report = signature_check.validate_pdf(pdf)
    assert report.status == signature_check.VALID and report.timestamped
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    unsigned = [a["type"].native for a in signature.signer_info["unsigned_attrs"]]
    assert "signature_time_stamp_token" in unsigned
    checked = pdfsig(pdf, nssdir, tmp_path)
    assert checked["Signature Validation"] == "Signature is Valid.", checked["_output"]
    assert checked["Certificate Validation"] == "Certificate is Trusted.", checked["_output"]


def test_a_signature_from_another_ca_is_untrusted(issued, settings, tmp_path):
    other, _ = make_dev_pki(tmp_path / "other")
    settings.CERTIFICATE_PDF_SIGNING = {
        **settings.CERTIFICATE_PDF_SIGNING,
        "TRUST_ROOTS": [str(other.root)],
        "CRL_PATHS": [],
    }
    report = signature_check.validate_pdf(pdf_of(issued))
    assert report.status == signature_check.UNTRUSTED
    assert report.signer == "Bộ Khoa học và Công nghệ"


def test_check_a_pdf_reports_hash_match_and_the_signature(client, issued):
    url = reverse("certificates:verify_index")
    pdf = pdf_of(issued)

    good = client.post(url, {"pdf": SimpleUploadedFile("a.pdf", pdf, "application/pdf")})
    page = good.content.decode()
    assert 'data-match="yes"' in page
    assert 'data-signature="valid"' in page
    assert "Chữ ký số hợp lệ" in page
    assert "Bộ Khoa học và Công nghệ" in page

    bad = client.post(url, {"pdf": SimpleUploadedFile("b.pdf", change_one_byte(pdf))})
    page = bad.content.decode()
    assert 'data-match="no"' in page
    assert 'data-signature="invalid"' in page
    assert "đã bị sửa sau khi ký" in page

    plain = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", b"%PDF-1.7 not really")})
    assert 'data-signature="unsigned"' in plain.content.decode()


def test_check_a_pdf_signed_by_a_ca_we_do_not_trust(client, issued, settings, tmp_path):
    other, _ = make_dev_pki(tmp_path / "other")
    settings.CERTIFICATE_PDF_SIGNING = {
        **settings.CERTIFICATE_PDF_SIGNING,
        "TRUST_ROOTS": [str(other.root)],
    }
    response = client.post(
        reverse("certificates:verify_index"), {"pdf": SimpleUploadedFile("a.pdf", pdf_of(issued))}
    )
    assert 'data-signature="untrusted"' in response.content.decode()


def test_verify_page_says_the_pdf_is_digitally_signed_and_by_whom(client, issued):
    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()
    assert "được ký số bởi Bộ Khoa học và Công nghệ" in page


def test_revoked_and_superseded_pdfs_keep_their_valid_signature(client, issued):
    admin = make_person(Role.MINISTRY_ADMIN)
    old_pdf = pdf_of(issued)
    new = services.reissue_certificate(issued, by=admin, reason="Sửa tên")
    services.revoke_certificate(new, by=admin, reason="Cấp nhầm")

    assert signature_check.validate_pdf(old_pdf).status == signature_check.VALID
    assert signature_check.validate_pdf(pdf_of(new)).status == signature_check.VALID
    response = client.post(
        reverse("certificates:verify", args=[new.code]),
        {"pdf": SimpleUploadedFile("n.pdf", pdf_of(new))},
    )
    page = response.content.decode()
    assert 'data-status="revoked"' in page
    assert "Cấp nhầm" in page
    assert 'data-signature="valid"' in page


def test_signing_can_be_switched_off(settings):
    settings.CERTIFICATE_PDF_SIGNING = {**settings.CERTIFICATE_PDF_SIGNING, "ENABLED": False}
    certificate = issue()
    assert certificate.pdf_signed_by == ""
    assert signature_check.validate_pdf(pdf_of(certificate)).status == signature_check.UNSIGNED


def test_make_dev_pki_is_idempotent(tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("make_dev_pki", "--dir", str(tmp_path), stdout=out)
    files = {p.name: p.read_bytes() for p in Path(tmp_path).iterdir()}
    call_command("make_dev_pki", "--dir", str(tmp_path), stdout=out)

    assert {p.name: p.read_bytes() for p in Path(tmp_path).iterdir()} == files
    assert {"root-ca.pem", "issuing-ca.pem", "signer.p12", "issuing-ca.crl"} <= set(files)
    assert out.getvalue().splitlines()[-1].startswith("Kept")


def test_a_revision_appended_after_signing_is_reported_altered(issued):
    from pyhanko.pdf_utils.generic import TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_of(issued)))
    writer.root["/Lang"] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)

    assert signature_check.validate_pdf(out.getvalue()).status == signature_check.INVALID
