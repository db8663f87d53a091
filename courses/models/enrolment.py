"""Who is enrolled in which course, which lessons they finished, and their stored progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.undoable import UndoableBatch


class EnrolmentBatch(UndoableBatch):
    """One bulk enrolment by a manager: what it created, so that it can be undone that day."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolment_batches"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_batches"
    )

    class Meta(UndoableBatch.Meta):
        verbose_name = _("bulk enrolment")
        verbose_name_plural = _("bulk enrolments")

    def __str__(self) -> str:
        return f"{self.course} · {self.created_at:%d/%m/%Y %H:%M}"


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        BULK = "bulk", _("Enrolled by a manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    lessons_done = models.PositiveIntegerField(default=0)
    lessons_total = models.PositiveIntegerField(default=0)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        EnrolmentBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        editable=False,
    )

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course"),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(lessons_done__lte=models.F("lessons_total")),
                name="done_at_most_total",
            ),
        ]
        indexes = [
            # Reports without facts group every enrolment by course and person: this lets
            # PostgreSQL read them from the index alone.
            models.Index(
                fields=["course", "user"],
                include=["completed_at"],
                name="enrolment_course_user_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.lesson}"
