"""Attendance per part: check-ins, roster marks, online minutes, walk-ins and report imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.text import clean_text, fold


class AttendanceStatus(models.TextChoices):
    PRESENT = "co_mat", _("Present")
    LATE = "di_muon", _("Late")
    EXCUSED = "vang_co_phep", _("Excused")
    ABSENT = "vang", _("Absent")


# Statuses that count towards the attendance percentage.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Learner card scanned")
    CODE = "ma", _("Rotating code")
    ONLINE = "truc_tuyen", _("Participant report")
    ROSTER = "danh_sach", _("Roster")
    WALK_IN = "vang_lai", _("Walk-in")


class WalkIn(models.Model):
    """Someone who attended without registering, recorded by name and unit."""

    session = models.ForeignKey(
        "training.Session", on_delete=models.CASCADE, related_name="walk_ins"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(
        "people.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_name = models.CharField(
        _("unit (as written)"),
        max_length=200,
        blank=True,
        help_text=_("When the unit is not in the list."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    folded_name = models.CharField(max_length=150, editable=False, default="")
    linked_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = clean_text(self.full_name)
        self.unit_name = clean_text(self.unit_name)
        self.email = clean_text(self.email).lower()
        self.phone = clean_text(self.phone)
        self.folded_name = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit else self.unit_name


class Attendance(models.Model):
    """One person's presence at one part: a registered person, or a walk-in."""

    part = models.ForeignKey("training.Part", on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    walk_in = models.ForeignKey(
        WalkIn, null=True, blank=True, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=14, choices=AttendanceStatus.choices)
    method = models.CharField(_("recorded by"), max_length=12, choices=AttendanceMethod.choices)
    online_minutes = models.PositiveIntegerField(_("minutes online"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "user"],
                condition=models.Q(user__isnull=False),
                name="one_attendance_per_part_and_person",
            ),
            models.UniqueConstraint(
                fields=["part", "walk_in"],
                condition=models.Q(walk_in__isnull=False),
                name="one_attendance_per_part_and_walk_in",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(walk_in__isnull=False),
                name="attendance_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.walk_in} · {self.part} · {self.status}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED_STATUSES


class ParticipantImport(models.Model):
    """An uploaded Zoom / Teams / Meet participant report: previewed, then applied once."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Applied")

    part = models.ForeignKey(
        "training.Part", on_delete=models.CASCADE, related_name="participant_imports"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    layout = models.CharField(_("layout"), max_length=10)
    min_minutes = models.PositiveSmallIntegerField(_("minimum minutes"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    # {"people": [{user_id, name, email, minutes, rows}], "unmatched": [{row, name, email, reason}]}
    result = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participant report")
        verbose_name_plural = _("participant reports")

    def __str__(self) -> str:
        return self.original_name
