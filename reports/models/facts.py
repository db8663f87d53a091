"""Completion facts: one row per person × course and per person × session, kept current by
the services that change their sources, so that reports never aggregate raw progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from people.models import Level


class CourseFact(models.Model):
    # Derived rows, not content: kept out of Wagtail's reference index, whose per-row
    # save and delete handlers would otherwise turn every bulk delete into one per row.
    # The copied attributes (field, province, unit, certificate) have no foreign-key
    # constraint in the database: each checked every written row (a third of a full
    # rebuild's time), while facts are only ever computed from rows that exist, and Django
    # still nulls them when their target is deleted (on_delete runs in the ORM).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        db_index=False,  # led by reports_one_fact_per_course
        verbose_name=_("person"),
        to=settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_facts",
    )
    course = models.ForeignKey(
        db_index=False,  # led by reports_cf_course_province
        verbose_name=_("course"),
        to="courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="facts",
    )
    # Copied from the course and the person's profile so that the matrix is one grouped scan.
    field = models.ForeignKey(
        db_constraint=False,
        verbose_name=pgettext_lazy("S&T field", "field"),
        to="courses.Field",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.ForeignKey(
        db_constraint=False,
        db_index=False,  # led by reports_cf_matrix
        verbose_name=_("province"),
        to="people.Province",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        db_constraint=False,
        db_index=False,  # led by reports_cf_unit_course
        verbose_name=_("unit"),
        to="people.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=4, choices=Level.choices, blank=True)
    assigned = models.BooleanField(_("assigned by a manager"), default=False)
    enrolled_at = models.DateTimeField(_("enrolled at"))
    lessons_done = models.PositiveIntegerField(_("lessons done"), default=0)
    lessons_total = models.PositiveIntegerField(_("lessons in the course"), default=0)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_activity_at = models.DateTimeField(_("last activity at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    best_score = models.DecimalField(
        _("best score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # None: the course has no published quiz.
    passed = models.BooleanField(_("passed the quiz"), null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    certificate = models.ForeignKey(
        db_constraint=False,
        verbose_name=_("certificate"),
        to="certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(_("certified at"), null=True, blank=True)
    # Local months as 202611: what the monthly counts (CourseMonth) add up, and what the
    # chart over time groups by when a date or session filter rules the counts out.
    enrolled_month = models.PositiveIntegerField(_("month enrolled"), null=True, blank=True)
    completed_month = models.PositiveIntegerField(_("month completed"), null=True, blank=True)
    certified_month = models.PositiveIntegerField(_("month certified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
    # Copied attributes without a database constraint, as on CourseFact.

    user = models.ForeignKey(
        db_index=False,  # led by reports_one_fact_per_session
        verbose_name=_("person"),
        to=settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_facts",
    )
    session = models.ForeignKey(
        db_index=False,  # led by reports_sf_session_province
        verbose_name=_("training session"),
        to="training.Session",
        on_delete=models.CASCADE,
        related_name="facts",
    )
    course = models.ForeignKey(
        db_constraint=False,
        verbose_name=_("course"),
        to="courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.ForeignKey(
        db_constraint=False,
        db_index=False,  # led by reports_sf_province_updated
        verbose_name=_("province"),
        to="people.Province",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        db_constraint=False,
        verbose_name=_("unit"),
        to="people.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=4, choices=Level.choices, blank=True)
    status = models.CharField(_("registration status"), max_length=16)
    registered_at = models.DateTimeField(_("registered at"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"), default=0)
    attended = models.BooleanField(_("attended"), default=False)
    certificate = models.ForeignKey(
        db_constraint=False,
        verbose_name=_("certificate"),
        to="certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_at = models.DateTimeField(_("certified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
        verbose_name=_("unit"),
        to="people.Unit",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    province = models.ForeignKey(
        verbose_name=_("province"),
        to="people.Province",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=4, choices=Level.choices, blank=True)
    staff = models.PositiveIntegerField(_("staff"), default=0)

    class Meta:
        verbose_name = _("staff count")
        verbose_name_plural = _("staff counts")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.staff}"


class CourseMonth(models.Model):
    """How many course facts were enrolled, completed and certified in each month, per
    province × course × field × level: the chart over time reads a few hundred of these
    instead of grouping every fact.

    Written only by database triggers on the course facts' table (migration
    `0009_course_months`), so that every write to the facts (the incremental refresh, a
    rebuild, a person moving, a cascade delete, raw SQL) keeps the counts equal to the facts;
    a test checks that equality after each kind of write, on SQLite and PostgreSQL. Zero
    stands for "no province" and "no field" so that the key has no NULL (upserts match it)."""

    province_id = models.PositiveIntegerField(_("province"))
    course_id = models.PositiveIntegerField(_("course"))
    field_id = models.PositiveIntegerField(pgettext_lazy("S&T field", "field"))
    level = models.CharField(_("level"), max_length=4, choices=Level.choices, blank=True)
    month = models.PositiveIntegerField(_("month"))
    enrolled = models.IntegerField(_("enrolled"), default=0)
    completed = models.IntegerField(_("completed"), default=0)
    certified = models.IntegerField(_("certified"), default=0)

    class Meta:
        verbose_name = _("monthly course count")
        verbose_name_plural = _("monthly course counts")
        constraints = [
            models.UniqueConstraint(
                fields=["province_id", "course_id", "field_id", "level", "month"],
                name="reports_one_course_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.course_id} {self.month}"
