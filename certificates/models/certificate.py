"""Issued certificates as legal records, their serial counters and their audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CertificateStatus(models.TextChoices):
    # Numbered and its data frozen, the PDF not stored yet (a bulk batch in progress).
    PENDING = "pending", pgettext_lazy("certificate status", "Being issued")
    VALID = "valid", pgettext_lazy("certificate status", "Valid")
    REVOKED = "revoked", pgettext_lazy("certificate status", "Revoked")
    SUPERSEDED = "superseded", pgettext_lazy("certificate status", "Superseded")


# What the public sees, including "expired", which is a valid certificate past its date.
PUBLIC_STATUS_LABELS = {
    "pending": CertificateStatus.PENDING.label,
    "valid": CertificateStatus.VALID.label,
    "expired": pgettext_lazy("certificate status", "Expired"),
    "revoked": CertificateStatus.REVOKED.label,
    "superseded": CertificateStatus.SUPERSEDED.label,
}


# Statuses that hold the person's one certificate for a course or session.
HOLDING_STATUSES = (CertificateStatus.PENDING, CertificateStatus.VALID)

# What may still change on an issued record: its status, and who or what ended it.
MUTABLE_FIELDS = frozenset(
    {
        "status",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "superseded_by",
        "emailed_at",
    }
)
# Set once, when a pending certificate's PDF is stored.
PDF_FIELDS = frozenset({"pdf", "pdf_sha256", "pdf_signed_by", "status"})


class ImmutableRecord(Exception):
    """An issued certificate's data, PDF or hashes were about to change."""


class SerialCounter(models.Model):
    """The last serial sequence number used in one year (locked while numbers are taken)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate issued to one person for a course or a training session.

    The snapshot holds every value printed on it; the PDF is stored as issued; both are
    hashed. Only the status may change later (revoked, superseded).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    session = models.ForeignKey(
        "training.Session",
        verbose_name=_("training session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    rule = models.ForeignKey(
        "certificates.CertificateRule",
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    job = models.ForeignKey(
        "certificates.CertificateJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    serial = models.CharField(_("number"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    issued_at = models.DateTimeField(_("issued at"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(_("data as issued"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the data"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    # The name in the certificate that signed the PDF (PAdES); empty when it was not signed.
    pdf_signed_by = models.CharField(_("PDF signed by"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(status__in=["pending", "valid"], course__isnull=False),
                name="one_valid_certificate_per_course",
            ),
            models.UniqueConstraint(
                fields=["person", "session"],
                condition=Q(status__in=["pending", "valid"], session__isnull=False),
                name="one_valid_certificate_per_session",
            ),
            models.UniqueConstraint(fields=["year", "seq"], name="one_serial_per_year_and_seq"),
            models.CheckConstraint(
                condition=~Q(course__isnull=False, session__isnull=False),
                name="certificate_for_course_or_session",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(pdf_sha256=""),
                name="issued_certificate_has_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_reason=""),
                name="revocation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["job", "status"])]

    def __str__(self) -> str:
        return f"{self.serial} · {self.snapshot.get('holder_name', '')}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._may_save(kwargs.get("update_fields")):
            raise ImmutableRecord(self.serial)
        super().save(*args, **kwargs)

    def _may_save(self, update_fields: Any) -> bool:
        """An existing record is saved only through update_fields naming mutable fields, or
        the PDF fields of a certificate that had no PDF yet."""
        if self._state.adding:
            return True
        if update_fields is None:
            return False
        fields = set(update_fields)
        if fields <= MUTABLE_FIELDS:
            return True
        if fields <= PDF_FIELDS | MUTABLE_FIELDS:
            stored = type(self).objects.filter(pk=self.pk).values_list("pdf_sha256", flat=True)
            return stored.first() == ""
        return False

    @property
    def is_expired(self) -> bool:
        return (
            self.status == CertificateStatus.VALID
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    @property
    def public_status(self) -> str:
        """valid, expired, revoked, superseded or pending."""
        if self.is_expired:
            return "expired"
        return str(self.status)

    @property
    def public_status_label(self) -> str:
        return str(PUBLIC_STATUS_LABELS[self.public_status])

    @property
    def issued_on(self) -> datetime.date:
        return timezone.localtime(self.issued_at).date()

    @property
    def title(self) -> str:
        return str(self.snapshot.get("achievement_title", ""))

    @property
    def holder_name(self) -> str:
        return str(self.snapshot.get("holder_name", ""))


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ISSUE_FAILED = "issue_failed", _("Could not be issued")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Re-issued")
    GRANTED = "granted", _("Granted by hand")
    BLOCKED = "blocked", _("Blocked by hand")
    OVERRIDE_REMOVED = "override_removed", _("Manual decision withdrawn")
    EMAILED = "emailed", _("E-mailed")


class CertificateEvent(models.Model):
    """The audit trail: who did what to which certificate or rule, when and why."""

    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    rule = models.ForeignKey(
        "certificates.CertificateRule",
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%d/%m/%Y %H:%M}"
