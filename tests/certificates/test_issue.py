"""Issuing a certificate: numbered, frozen, hashed, stored, one valid per person and course."""

from __future__ import annotations

import hashlib
import io
import unicodedata

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from certificates import services
from certificates.defaults import ensure_default_template
from certificates.errors import (
    AlreadyIssued,
    InvalidState,
    MissingGlyph,
    NotAllowed,
    ReasonRequired,
)
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    ImmutableRecord,
)
from people.roles import Role
from tests.certificates.factories import course_with_rule, department, finish_course, learner
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    return unicodedata.normalize("NFC", reader.pages[0].extract_text())


def stored_bytes(certificate: Certificate) -> bytes:
    with default_storage.open(certificate.pdf.name, "rb") as handle:
        return handle.read()


def test_issued_certificate_freezes_data_and_hashes_pdf():
    person = learner("Trần Thị Ánh Tuyết", unit=department("Quảng Trị"), position="Chuyên viên")
    course, rule = course_with_rule()
    finish_course(person, course)

    certificate = services.issue_certificate(person, course=course, rule=rule, notify=False)

    assert certificate.status == CertificateStatus.VALID
    year = timezone.localdate().year
    assert certificate.serial == f"1/{year}/GCN-BKHCN"
    data = certificate.snapshot
    assert data["holder_name"] == "Trần Thị Ánh Tuyết"
    assert data["unit_name"] == "Sở Khoa học và Công nghệ Quảng Trị"
    assert data["province_name"] == "Tỉnh Quảng Trị"
    assert data["achievement_title"] == "Phân cấp, phân quyền trong lĩnh vực sở hữu trí tuệ"
    assert data["hours"] == "12"
    assert data["achievement_version"] == course.latest_revision_id
    assert data["date_line"].startswith("Hà Nội, ngày ")
    assert len(certificate.code) == 16
    assert hashlib.sha256(stored_bytes(certificate)).hexdigest() == certificate.pdf_sha256
    assert CertificateEvent.objects.filter(kind=EventKind.ISSUED, certificate=certificate).exists()


def test_pdf_text_reads_back_as_the_nfc_data_with_diacritics():
    person = learner("Nguyễn Thị Hồng Nhung", unit=department("Thừa Thiên Huế"))
    course, rule = course_with_rule()
    finish_course(person, course)

    certificate = services.issue_certificate(person, course=course, rule=rule, notify=False)

    text = pdf_text(certificate)
    data = certificate.snapshot
    for key in ("holder_name", "unit_name", "achievement_title", "date_line", "serial"):
        assert unicodedata.normalize("NFC", data[key]) in text, key
    assert "GIẤY CHỨNG NHẬN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số: {data['serial']}" in text
    assert "KT. BỘ TRƯỞNG" in text


def test_a_decomposed_name_is_stored_and_printed_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Lê Thị Thuỷ Tiên")
    person = learner(decomposed)
    course, rule = course_with_rule()
    finish_course(person, course)

    certificate = services.issue_certificate(person, course=course, rule=rule, notify=False)

    assert certificate.snapshot["holder_name"] == unicodedata.normalize("NFC", decomposed)
    assert unicodedata.normalize("NFC", decomposed) in pdf_text(certificate)


def test_a_character_the_font_lacks_is_named_and_nothing_is_issued():
    person = learner("Nguyễn Văn 𝔄n")
    course, rule = course_with_rule()
    finish_course(person, course)

    with pytest.raises(MissingGlyph) as error:
        services.issue_certificate(person, course=course, rule=rule, notify=False)

    assert "𝔄" in error.value.message
    assert error.value.character == "𝔄"
    assert Certificate.objects.count() == 0
    assert CertificateEvent.objects.filter(kind=EventKind.ISSUE_FAILED, person=person).exists()


def test_serials_follow_the_pattern_and_run_in_sequence(settings):
    settings.CERTIFICATE_SERIAL_PATTERN = "{seq:04d}/GCN-SKHCN-{year}"
    course, _rule = course_with_rule()
    serials = []
    for name in ("Phạm Văn Đồng", "Võ Thị Sáu", "Đặng Thùy Trâm"):
        person = learner(name)
        finish_course(person, course)
        serials.append(services.issue_certificate(person, course=course, notify=False).serial)
    year = timezone.localdate().year
    assert serials == [f"{n:04d}/GCN-SKHCN-{year}" for n in (1, 2, 3)]


def test_one_valid_certificate_per_person_and_course():
    person = learner()
    course, _rule = course_with_rule()
    finish_course(person, course)
    first = services.issue_certificate(person, course=course, notify=False)

    with pytest.raises(AlreadyIssued):
        services.issue_certificate(person, course=course, notify=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            person=person,
            course=course,
            serial="X/1",
            year=2025,
            seq=999,
            code="ZZZZZZZZZZZZZZZZ",
            status=CertificateStatus.VALID,
            issued_at=timezone.now(),
            snapshot={},
            snapshot_sha256="0" * 64,
            pdf_sha256="0" * 64,
        )
    assert Certificate.objects.get() == first


def test_later_edits_never_change_an_issued_certificate():
    person = learner("Hoàng Văn Thái")
    course, _rule = course_with_rule()
    finish_course(person, course)
    certificate = services.issue_certificate(person, course=course, notify=False)
    pdf_before = stored_bytes(certificate)
    snapshot_before = dict(certificate.snapshot)

    profile = person.profile
    profile.full_name = "Hoàng Văn Thắng"
    profile.save()
    course.title = "Tên khóa học đã đổi"
    course.hours = 40
    course.save_revision().publish()
    template = ensure_default_template()
    template.signer_name = "Người Ký Khác"
    template.title = "CHỨNG NHẬN KHÁC"
    template.save()

    certificate.refresh_from_db()
    assert certificate.snapshot == snapshot_before
    assert stored_bytes(certificate) == pdf_before
    assert hashlib.sha256(pdf_before).hexdigest() == certificate.pdf_sha256
    assert "Hoàng Văn Thái" in pdf_text(certificate)

    certificate.snapshot["holder_name"] = "Giả mạo"
    with pytest.raises(ImmutableRecord):
        certificate.save()
    with pytest.raises(ImmutableRecord):
        certificate.save(update_fields=["snapshot"])


def test_reissue_with_a_corrected_name_supersedes_the_old_certificate():
    admin = make_person(Role.MINISTRY_ADMIN)
    person = learner("Nguyễn Thi Hông Nhung")
    course, _rule = course_with_rule()
    finish_course(person, course)
    old = services.issue_certificate(person, course=course, notify=False)
    person.profile.full_name = "Nguyễn Thị Hồng Nhung"
    person.profile.save()

    new = services.reissue_certificate(old, by=admin, reason="Sửa dấu trong họ tên")

    old.refresh_from_db()
    assert old.status == CertificateStatus.SUPERSEDED
    assert old.superseded_by == new
    assert new.replaces == old
    assert new.status == CertificateStatus.VALID
    assert new.serial != old.serial and new.code != old.code
    assert new.snapshot["holder_name"] == "Nguyễn Thị Hồng Nhung"
    assert old.snapshot["holder_name"] == "Nguyễn Thi Hông Nhung"
    assert "Nguyễn Thị Hồng Nhung" in pdf_text(new)
    event = CertificateEvent.objects.get(kind=EventKind.REISSUED)
    assert (event.actor, event.reason) == (admin, "Sửa dấu trong họ tên")


def test_revocation_needs_a_reason_and_is_audited():
    admin = make_person(Role.MINISTRY_ADMIN)
    person = learner()
    course, _rule = course_with_rule()
    finish_course(person, course)
    certificate = services.issue_certificate(person, course=course, notify=False)

    with pytest.raises(ReasonRequired):
        services.revoke_certificate(certificate, by=admin, reason="   ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID

    services.revoke_certificate(certificate, by=admin, reason="Cấp nhầm người")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "Cấp nhầm người"
    assert certificate.revoked_by == admin
    with pytest.raises(InvalidState):
        services.revoke_certificate(certificate, by=admin, reason="Lần nữa")
    # Revoked, the person may be issued a new one.
    assert services.issue_certificate(person, course=course, notify=False).status == "valid"


def test_a_province_manager_acts_only_for_their_province():
    home = department("Quảng Trị")
    elsewhere = department("Nghệ An")
    manager = make_person(Role.PROVINCE_MANAGER, unit=home)
    course, _rule = course_with_rule()
    ours, theirs = learner("Lê Văn Tám", unit=home), learner("Mạc Thị Bưởi", unit=elsewhere)
    for person in (ours, theirs):
        finish_course(person, course)
    mine = services.issue_certificate(ours, course=course, notify=False)
    other = services.issue_certificate(theirs, course=course, notify=False)

    services.revoke_certificate(mine, by=manager, reason="Thu hồi theo đề nghị")
    with pytest.raises(NotAllowed):
        services.revoke_certificate(other, by=manager, reason="Không được phép")
    with pytest.raises(NotAllowed):
        services.revoke_certificate(other, by=learner("Học Viên Khác"), reason="Không được phép")


def test_the_holder_is_emailed_once_with_the_pdf(mailoutbox, django_capture_on_commit_callbacks):
    person = learner("Đỗ Thị Minh Thư", user__email="thu.do@example.vn")
    course, _rule = course_with_rule()
    finish_course(person, course)

    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(person, course=course)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["thu.do@example.vn"]
    assert certificate.serial in message.subject
    assert certificate.snapshot["verify_url"] in message.body
    assert message.attachments[0][2] == "application/pdf"
    from certificates.delivery import email_certificate

    assert email_certificate(certificate.pk) is False
    assert len(mailoutbox) == 1
