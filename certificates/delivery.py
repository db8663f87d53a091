"""Telling holders about their certificates."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateEvent, CertificateStatus, EventKind


def email_certificate(certificate_id: int) -> bool:
    """Send the holder the PDF with the verification link; never twice for one certificate."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .select_related("person")
            .filter(pk=certificate_id, status=CertificateStatus.VALID, emailed_at__isnull=True)
            .first()
        )
        if certificate is None or not certificate.person.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "certificate": certificate,
                "verify_url": certificate.snapshot.get("verify_url", ""),
                "my_url": settings.SITE_URL.rstrip("/") + reverse("certificates:mine"),
            }
            subject = _("Your certificate %(serial)s") % {"serial": certificate.serial}
            body = render_to_string("certificates/email/issued.txt", context)
        message = EmailMessage(subject, body, to=[certificate.person.email])
        with certificate.pdf.open("rb") as handle:
            message.attach(
                f"giay-chung-nhan-{certificate.code}.pdf", handle.read(), "application/pdf"
            )
        message.send()
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
        CertificateEvent.objects.create(
            kind=EventKind.EMAILED, certificate=certificate, person=certificate.person
        )
    return True
