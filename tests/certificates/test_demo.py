"""The demo: hocvien's finished session yields an issued certificate."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from certificates.demo import issue_demo_certificates
from certificates.models import Certificate, CertificateTemplate
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
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1

    # Idempotent: running the seed again issues nothing new.
    call_command("seed_demo", force=True, verbosity=0)
    assert "holds certificate" in issue_demo_certificates()
    assert Certificate.objects.filter(person__username="hocvien").count() == 1
