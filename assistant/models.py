"""The assistant's passages (what it can quote), its index version, and the questions asked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PassageKind(models.TextChoices):
    TASK = "task", _("Decentralised task")
    LESSON = "lesson", _("Lesson")
    FAQ = "faq", _("Answered question")


class Passage(models.Model):
    """A quotable piece of published content: a task card, a lesson section or an FAQ answer."""

    kind = models.CharField(max_length=10, choices=PassageKind.choices)
    source_id = models.PositiveBigIntegerField()
    # The lesson section's position (0 for a task card or an answer).
    part = models.PositiveSmallIntegerField(default=0)
    field = models.ForeignKey(
        "courses.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)
    heading = models.CharField(max_length=300, blank=True)
    anchor = models.CharField(max_length=120, blank=True)
    # A task's code or a lesson's slug, for the API and the evaluation.
    code = models.CharField(max_length=255, blank=True)
    # The task's legal basis or the unit that answered, shown with the citation.
    citation = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    tokens = models.TextField(help_text="Folded syllables and syllable pairs, space-separated.")
    url = models.CharField(max_length=500)
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["kind", "source_id", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "part"], name="one_passage_per_source_part"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.source_id}:{self.part} {self.title[:60]}"


class IndexState(models.Model):
    """One row whose counter moves whenever passages change, so every web process can tell
    that its in-memory ranking is stale and rebuild it."""

    version = models.PositiveBigIntegerField(default=0)
    # Changes with every version; unlike the counter it never repeats after a rollback.
    stamp = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("index state")

    def __str__(self) -> str:
        return f"v{self.version}"


class AskedQuestion(models.Model):
    """One question put to the assistant: what managers read to see what staff need."""

    text = models.TextField(_("question"))
    folded = models.TextField(default="")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.ForeignKey(
        "people.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.ForeignKey(
        "courses.Field",
        verbose_name=pgettext_lazy("S&T field", "field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    top_score = models.FloatField(default=0)
    answered = models.BooleanField(default=False)
    escalated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question to the assistant")
        verbose_name_plural = _("questions to the assistant")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["province", "field", "created_at"])]

    def __str__(self) -> str:
        return self.text[:80]
