"""Attempts: the questions a learner drew, the answers they gave and the grade."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AttemptState(models.TextChoices):
    IN_PROGRESS = "open", _("In progress")
    FINISHED = "done", _("Finished")


class Attempt(models.Model):
    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        verbose_name=_("quiz"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    state = models.CharField(
        _("state"), max_length=4, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Set when the attempt was closed by the deadline rather than by the learner.
    timed_out = models.BooleanField(default=False)
    # Highest autosave sequence number accepted; an older or repeated one is a replay.
    last_seq = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        ordering = ["quiz", "user", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="quizzes_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="open"),
                name="quizzes_attempt_one_open",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "state"])]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question in an attempt: its frozen version, display order, answer and grade."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(
        "quizzes.QuestionVersion", on_delete=models.PROTECT, related_name="attempt_items"
    )
    mark = models.DecimalField(max_digits=5, decimal_places=2)
    # Ids of the options (or matches, or ordering items) in the order this learner sees them.
    display_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    fraction = models.FloatField(null=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_item_unique_position"
            ),
            models.UniqueConstraint(
                fields=["attempt", "version"], name="quizzes_item_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"

    @property
    def is_answered(self) -> bool:
        return self.response is not None


class QuizResult(models.Model):
    """A learner's grade on a quiz under its grading method, kept current after each attempt."""

    quiz = models.ForeignKey(
        "quizzes.QuizPage", verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="results"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_results",
    )
    percent = models.DecimalField(
        _("grade (%)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quiz result")
        verbose_name_plural = _("quiz results")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user"], name="quizzes_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user}: {self.percent}%"
