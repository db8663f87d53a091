"""Completion facts: one row per person × course and per person × session, kept current by
the services that change their sources, so that reports never aggregate raw progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Level


class CourseFact(models.Model):
    # Derived rows, not content: kept out of Wagtail's reference index, whose per-row
    # save and delete handlers would otherwise turn every bulk delete into one per row.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_facts"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="facts")
    # Copied from the course and the person's profile so that the matrix is one grouped scan.
    field = models.ForeignKey(
        "courses.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    province = models.ForeignKey(
        "people.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    assigned = models.BooleanField(default=False)
    enrolled_at = models.DateTimeField()
    lessons_done = models.PositiveIntegerField(default=0)
    lessons_total = models.PositiveIntegerField(default=0)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    best_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # None: the course has no published quiz.
    passed = models.BooleanField(null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(null=True, blank=True)
    # Local months as 202611, so that the chart over time is one grouped scan.
    enrolled_month = models.PositiveIntegerField(null=True, blank=True)
    completed_month = models.PositiveIntegerField(null=True, blank=True)
    certified_month = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course result")
        verbose_name_plural = _("course results")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="reports_one_fact_per_course")
        ]
        indexes = [
            # Cover the matrix's distinct counts, so PostgreSQL answers from the index alone.
            models.Index(
                fields=["province", "field", "user"],
                include=["completed_at", "certificate"],
                name="reports_cf_matrix",
            ),
            models.Index(
                fields=["province", "user"],
                include=["completed_at", "certificate"],
                name="reports_cf_province_user",
            ),
            models.Index(fields=["course", "province"], name="reports_cf_course_province"),
            models.Index(fields=["unit", "course"], name="reports_cf_unit_course"),
            models.Index(fields=["province", "updated_at"], name="reports_cf_province_updated"),
            models.Index(fields=["updated_at"], name="reports_cf_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}: {self.progress_percent}%"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class SessionFact(models.Model):
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_facts"
    )
    session = models.ForeignKey("training.Session", on_delete=models.CASCADE, related_name="facts")
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    province = models.ForeignKey(
        "people.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    status = models.CharField(max_length=16)
    registered_at = models.DateTimeField()
    attendance_percent = models.PositiveSmallIntegerField(default=0)
    attended = models.BooleanField(default=False)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session result")
        verbose_name_plural = _("session results")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="reports_one_fact_per_session")
        ]
        indexes = [
            models.Index(fields=["session", "province"], name="reports_sf_session_province"),
            models.Index(fields=["province", "updated_at"], name="reports_sf_province_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}: {self.attendance_percent}%"


class UnitStaff(models.Model):
    """How many active staff a unit has, recounted when a profile or account changes, so the
    matrix's staff column is a read of a few hundred rows."""

    unit = models.OneToOneField(
        "people.Unit", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    province = models.ForeignKey(
        "people.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(max_length=4, choices=Level.choices, blank=True)
    staff = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("staff count")
        verbose_name_plural = _("staff counts")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.staff}"
