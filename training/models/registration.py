"""Who registered for a session, where they stand, and which reminders went out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.percent import reaches
from lib.undoable import UndoableBatch


class RegistrationStatus(models.TextChoices):
    PENDING = "cho_duyet", _("Awaiting approval")
    CONFIRMED = "da_xac_nhan", _("Confirmed")
    WAITLISTED = "danh_sach_cho", _("On the waiting list")
    CANCELLED = "da_huy", _("Cancelled")
    REJECTED = "tu_choi", _("Not approved")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class RegistrationSource(models.TextChoices):
    SELF = "self", _("Self-registered")
    MANAGER = "manager", _("Registered by a manager")
    WALK_IN = "walk_in", _("Walk-in")


class RegistrationBatch(UndoableBatch):
    """One bulk registration by a manager: what it created, so that it can be undone that day."""

    session = models.ForeignKey(
        "training.Session", on_delete=models.CASCADE, related_name="registration_batches"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration_batches"
    )

    class Meta(UndoableBatch.Meta):
        verbose_name = _("bulk registration")
        verbose_name_plural = _("bulk registrations")

    def __str__(self) -> str:
        return f"{self.session} · {self.created_at:%d/%m/%Y %H:%M}"


class Registration(models.Model):
    """One person's place in one session, with their stored attendance."""

    session = models.ForeignKey(
        "training.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RegistrationSource.choices,
        default=RegistrationSource.SELF,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or refused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Order of the waiting list: first come, first promoted.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended_minutes = models.PositiveIntegerField(_("minutes attended"), default=0)
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"), default=0)
    # The session's length when attendance was last computed: thresholds compare the exact
    # share attended_minutes / session_minutes, never the rounded percent shown.
    session_minutes = models.PositiveIntegerField(default=0, editable=False)
    # Set only on registrations a bulk registration created, never on revived ones.
    batch = models.ForeignKey(
        RegistrationBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        editable=False,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_registration_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_percent__lte=100),
                name="registration_attendance_at_most_100",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def reaches(self, threshold: int) -> bool:
        """Whether the attended share is at least `threshold` percent, compared exactly."""
        if self.session_minutes:
            return reaches(self.attended_minutes, self.session_minutes, threshold)
        # Computed before session_minutes was stored: the percent then kept was truncated,
        # which compares exactly against a whole threshold.
        return self.attendance_percent >= threshold

    @property
    def attendance_met(self) -> bool:
        """Whether the attendance reaches the session's threshold for a certificate."""
        return self.status == RegistrationStatus.CONFIRMED and self.reaches(
            self.session.attendance_threshold
        )


class ReminderKind(models.TextChoices):
    DAY = "day", _("One day before")
    HOUR = "hour", _("One hour before")


class ReminderSent(models.Model):
    """A reminder e-mailed for one part to one registration; never sent twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    part = models.ForeignKey("training.Part", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "part", "kind"], name="one_reminder_per_part_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.part} · {self.kind}"
