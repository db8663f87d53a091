"""Questions asked before and during a session, their answers, and votes."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.text import clean_text, fold


class QuestionStatus(models.TextChoices):
    OPEN = "moi", _("New")
    ASSIGNED = "da_giao", _("Assigned to a unit")
    ANSWERED = "da_tra_loi", _("Answered")
    REJECTED = "khong_dang", _("Not published")


OPEN_STATUSES = (QuestionStatus.OPEN, QuestionStatus.ASSIGNED)


class Question(models.Model):
    session = models.ForeignKey(
        "training.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_questions",
    )
    field = models.ForeignKey(
        "courses.Field", verbose_name=_("field"), on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        "courses.DecentralisedTask",
        verbose_name=_("decentralised task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    assigned_unit = models.ForeignKey(
        "people.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    folded_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["-vote_count", "created_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["field", "status"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: object, **kwargs: object) -> None:
        self.text = clean_text(self.text)
        self.answer = unicodedata.normalize("NFC", self.answer or "").strip()
        self.folded_text = fold(f"{self.text} {self.answer}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ↑ {self.question_id}"
