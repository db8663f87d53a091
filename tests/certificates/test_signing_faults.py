"""A signing key that cannot be used stops issuance with a clear cause and nothing issued;
fixing it lets the stopped job finish."""

from __future__ import annotations

import datetime

import pytest
from django.core.checks import Error

from certificates import checks, services, signature_check, signing
from certificates.errors import SigningUnavailable
from certificates.models import Certificate, CertificateJob, JobStatus
from certificates.pki import DEV_PASSPHRASE, DevPki, make_dev_pki, write_signer
from certificates.targets import Target, rule_for
from people.roles import Role
from tests.certificates.factories import (
    attend,
    course_with_rule,
    finish_course,
    held_session,
    learner,
)
from tests.conftest import pdf_signing_settings
from tests.factories import make_person

pytestmark = pytest.mark.django_db

WRONG = "mat-khau-sai-123"


def finished_course():
    person = learner("Lê Thị Thu Trang")
    course, _rule = course_with_rule()
    finish_course(person, course)
    return person, course


def test_a_wrong_passphrase_stops_issuance_naming_the_setting_not_the_secret(settings, dev_pki):
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki, PKCS12_PASSPHRASE=WRONG)
    person, course = finished_course()

    with pytest.raises(SigningUnavailable) as caught:
        services.issue_certificate(person, course=course, notify=False)

    assert "PDF_SIGNING_PKCS12_PASSPHRASE" in caught.value.message
    assert WRONG not in caught.value.message and DEV_PASSPHRASE not in caught.value.message
    assert not Certificate.objects.exists()


@pytest.fixture
def expired_pki(tmp_path) -> DevPki:
    pki, _ = make_dev_pki(tmp_path / "expired")
    now = datetime.datetime.now(datetime.UTC)
    write_signer(
        pki,
        passphrase=DEV_PASSPHRASE,
        not_before=now - datetime.timedelta(days=800),
        not_after=now - datetime.timedelta(days=2),
    )
    return pki


def test_an_expired_signer_certificate_stops_issuance(settings, expired_pki):
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(expired_pki)
    person, course = finished_course()

    with pytest.raises(SigningUnavailable) as caught:
        services.issue_certificate(person, course=course, notify=False)

    assert "hết hạn" in caught.value.message or "expired" in caught.value.message
    assert not Certificate.objects.exists()


def test_a_missing_key_file_stops_issuance(settings, dev_pki, tmp_path):
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(
        dev_pki, PKCS12_PATH=str(tmp_path / "gone.p12")
    )
    person, course = finished_course()
    with pytest.raises(SigningUnavailable, match=r"gone\.p12"):
        services.issue_certificate(person, course=course, notify=False)
    assert not Certificate.objects.exists()


def test_a_missing_pkcs11_module_stops_issuance(settings, dev_pki, tmp_path):
    module = str(tmp_path / "libkhongco.so")
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(
        dev_pki, PKCS11_MODULE=module, PKCS11_TOKEN_LABEL="BKHCN", PKCS11_PIN="123456"
    )
    person, course = finished_course()
    with pytest.raises(SigningUnavailable, match=r"libkhongco\.so"):
        services.issue_certificate(person, course=course, notify=False)
    assert not Certificate.objects.exists()


def test_a_bulk_job_with_a_wrong_passphrase_stops_and_finishes_once_fixed(
    settings, dev_pki, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_BATCH_SIZE = 2
    admin = make_person(Role.MINISTRY_ADMIN)
    session = held_session()
    people = [learner(f"Nguyễn Văn Bình {i}") for i in range(3)]
    for person in people:
        attend(session, person, 100)
    rule = rule_for(Target(session=session))
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki, PKCS12_PASSPHRASE=WRONG)

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(admin, rule, notify=False)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "PDF_SIGNING_PKCS12_PASSPHRASE" in job.error and WRONG not in job.error
    assert not Certificate.objects.filter(session=session).exists()

    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki)
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(job, admin)
    job = CertificateJob.objects.get(pk=job.pk)
    assert (job.status, job.done) == (JobStatus.DONE, 3)
    certificates = Certificate.objects.filter(session=session)
    assert {c.status for c in certificates} == {"valid"}
    for certificate in certificates:
        with certificate.pdf.open("rb") as handle:
            assert signature_check.validate_pdf(handle.read()).status == signature_check.VALID


def test_pending_certificates_left_by_a_failed_signature_are_signed_on_resume(
    settings, dev_pki, django_capture_on_commit_callbacks, monkeypatch
):
    """A timestamp authority that stops answering mid-batch leaves numbered certificates
    pending; once it answers again, the resumed job signs and stores them."""
    settings.CERTIFICATE_BATCH_SIZE = 3
    admin = make_person(Role.MINISTRY_ADMIN)
    session = held_session()
    people = [learner(f"Trần Thị Hoa {i}") for i in range(3)]
    for person in people:
        attend(session, person, 100)
    real_sign = signing.sign_pdf
    calls = []

    def flaky(pdf, signer):
        calls.append(1)
        if len(calls) == 2:
            raise SigningUnavailable("The timestamp authority did not answer.")
        return real_sign(pdf, signer)

    monkeypatch.setattr(signing, "sign_pdf", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "timestamp" in job.error
    statuses = sorted(Certificate.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["pending", "pending", "valid"]
    assert not Certificate.objects.filter(status="pending").exclude(pdf_sha256="").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(job, admin)
    assert set(Certificate.objects.filter(session=session).values_list("status", flat=True)) == {
        "valid"
    }


def test_system_check_refuses_signing_on_without_a_signer(settings):
    settings.CERTIFICATE_PDF_SIGNING = {
        **settings.CERTIFICATE_PDF_SIGNING,
        "ENABLED": True,
        "PKCS12_PATH": "",
        "PKCS11_MODULE": "",
    }
    errors = checks.signer_configured()
    assert [e.id for e in errors] == ["certificates.E001"]
    assert isinstance(errors[0], Error)
    hint = errors[0].hint or ""
    assert "PDF_SIGNING_PKCS12_PATH" in hint and "make_dev_pki" in hint

    settings.CERTIFICATE_PDF_SIGNING = {**settings.CERTIFICATE_PDF_SIGNING, "ENABLED": False}
    assert checks.signer_configured() == []
    settings.DEBUG = True
    assert [w.id for w in checks.signer_configured()] == ["certificates.W001"]


def test_deploy_check_opens_the_signer(settings, dev_pki):
    assert checks.signer_opens() == []
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki, PKCS12_PASSPHRASE=WRONG)
    errors = checks.signer_opens()
    assert [e.id for e in errors] == ["certificates.E003"]
    assert WRONG not in errors[0].msg


def test_production_settings_refuse_to_start_without_a_signer(tmp_path):
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("PDF_SIGNING_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "PDF_SIGNING_PKCS12_PATH" in result.stderr
