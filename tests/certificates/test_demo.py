"""The demo: hocvien's finished session yields an issued certificate."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.images import get_image_model

from certificates import demo_marks
from certificates.defaults import DEFAULT_FIELDS, ensure_default_template, signer_matches_issuer
from certificates.demo import add_demo_marks, issue_demo_certificates
from certificates.models import Certificate, CertificateTemplate
from certificates.rendering import render_single, sample_data
from training.demo import FINISHED_TITLE

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_issues_hocviens_session_certificate(settings):
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)

    certificate = Certificate.objects.get(person__username="hocvien", status="valid")
    assert certificate.session is not None
    assert certificate.session.title == FINISHED_TITLE
    assert certificate.snapshot["attendance"] == "100%"
    assert certificate.pdf_sha256
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.signature_image is not None
    assert template.seal_image is not None

    # Idempotent: running the seed again issues nothing new.
    call_command("seed_demo", force=True, verbosity=0)
    assert "holds certificate" in issue_demo_certificates()
    assert Certificate.objects.filter(person__username="hocvien").count() == 1


def _page(pdf: bytes):  # type: ignore[no-untyped-def]
    return PdfReader(io.BytesIO(pdf)).pages[0]


@pytest.mark.parametrize(
    ("issuer_unit", "authority", "title", "agrees"),
    [
        ("", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", True),
        ("VỤ PHÁP CHẾ", "", "VỤ TRƯỞNG", True),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", True),
        ("VỤ PHÁP CHẾ", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", False),
        ("", "", "VỤ TRƯỞNG", False),
    ],
)
def test_the_signer_must_sign_for_the_issuer(issuer_unit, authority, title, agrees):
    template = CertificateTemplate(
        **{
            **DEFAULT_FIELDS,
            "issuer_unit": issuer_unit,
            "signer_authority": authority,
            "signer_title": title,
        }
    )
    assert signer_matches_issuer(template) is agrees


def test_the_demo_certificate_has_agreeing_issuer_and_signer_a_signature_and_a_seal():
    template = add_demo_marks(ensure_default_template())
    assert signer_matches_issuer(template)

    page = _page(render_single(sample_data(template), template))

    lines = [unicodedata.normalize("NFC", line).strip() for line in page.extract_text().split("\n")]
    assert "BỘ KHOA HỌC VÀ CÔNG NGHỆ" in lines
    assert "VỤ PHÁP CHẾ" not in lines
    authority = lines.index("KT. BỘ TRƯỞNG")
    assert lines[authority + 1] == "THỨ TRƯỞNG"
    assert lines[authority + 2] == template.signer_name
    sizes = {image.image.size for image in page.images}
    assert (demo_marks.SEAL_SIZE, demo_marks.SEAL_SIZE) in sizes
    assert demo_marks.SIGNATURE_SIZE in sizes
    seal = next(image for image in page.images if image.image.size[0] == demo_marks.SEAL_SIZE)
    red, green, blue = seal.image.convert("RGB").getpixel((demo_marks.SEAL_SIZE // 2, 14))
    assert red > 150 and green < 80 and blue < 80


def test_the_demo_marks_are_added_once_and_never_over_chosen_images():
    template = add_demo_marks(ensure_default_template())
    marks = (template.signature_image_id, template.seal_image_id)
    assert add_demo_marks(template) is template
    template.refresh_from_db()
    assert (template.signature_image_id, template.seal_image_id) == marks
    assert get_image_model().objects.count() == 2


def test_the_demo_fixes_the_old_default_issuer_block():
    template = ensure_default_template()
    CertificateTemplate.objects.filter(pk=template.pk).update(issuer_unit="VỤ PHÁP CHẾ")
    template.refresh_from_db()
    assert not signer_matches_issuer(template)
    assert signer_matches_issuer(add_demo_marks(template))
