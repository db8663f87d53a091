"""The question bank: categories, questions with their answers, and immutable versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from lib.text import clean_text


class Category(index.Indexed, models.Model):
    """A topic of questions within a field, e.g. "Patents" in intellectual property."""

    field = models.ForeignKey(
        "courses.Field",
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_categories",
        help_text=_("Leave empty for a topic that spans all fields."),
    )
    name = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("field"), FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["field__sort_order", "field__name", "name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(fields=["field", "name"], name="quizzes_category_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.field} — {self.name}" if self.field else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = clean_text(self.name)
        self.description = clean_text(self.description)
        super().save(*args, **kwargs)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response")
    TRUE_FALSE = "truefalse", _("True / false")
    SHORT = "short", _("Short answer")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class PartialCredit(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All or nothing")
    RIGHT_MINUS_WRONG = "net", _("Right minus wrong (never below zero)")


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(index.Indexed, ClusterableModel):
    """An editable question. Attempts never read it directly: they use a QuestionVersion."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("A short name to find the question in the bank.")
    )
    text = models.TextField(_("question text"))
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    default_mark = models.DecimalField(
        _("mark"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    task = models.ForeignKey(
        "courses.DecentralisedTask",
        verbose_name=_("decentralised task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    general_feedback = models.TextField(
        _("general feedback"),
        blank=True,
        help_text=_("Shown after the attempt, whatever the answer."),
    )
    partial_credit = models.CharField(
        _("partial credit"),
        max_length=5,
        choices=PartialCredit.choices,
        default=PartialCredit.RIGHT_MINUS_WRONG,
        help_text=_(
            "Multiple response only. Right minus wrong: each correct option ticked earns its "
            "share, each wrong option ticked takes one share away."
        ),
    )
    true_is_correct = models.BooleanField(
        _("the statement is true"), default=True, help_text=_("True / false only.")
    )
    true_feedback = models.TextField(_("feedback when answering “true”"), blank=True)
    false_feedback = models.TextField(_("feedback when answering “false”"), blank=True)
    ignore_case = models.BooleanField(
        _("ignore upper and lower case"), default=True, help_text=_("Short answer only.")
    )
    ignore_diacritics = models.BooleanField(
        _("ignore Vietnamese diacritics"),
        default=False,
        help_text=_(
            "Short answer only: “phan cap” is then accepted for “Phân cấp” (case is ignored too)."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive questions are not drawn into new attempts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("difficulty"), FieldPanel("default_mark")]),
        FieldPanel("task"),
        FieldPanel("tags"),
        FieldPanel("general_feedback"),
        FieldPanel("is_active"),
        MultiFieldPanel(
            [FieldPanel("partial_credit"), InlinePanel("choices", label=_("Option"))],
            heading=_("Options (single choice, multiple response)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("true_is_correct"),
                FieldPanel("true_feedback"),
                FieldPanel("false_feedback"),
            ],
            heading=_("True / false"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ignore_case"), FieldPanel("ignore_diacritics")]),
                InlinePanel("accepted_answers", label=_("Accepted answer")),
            ],
            heading=_("Short answer"),
        ),
        InlinePanel("pairs", label=_("Pair"), heading=_("Matching")),
        InlinePanel("order_items", label=_("Item"), heading=_("Ordering (in the correct order)")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("text"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("category_id"),
    ]

    class Meta:
        ordering = ["category", "name", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = clean_text(self.name)
        self.text = clean_text(self.text)
        self.general_feedback = clean_text(self.general_feedback)
        self.true_feedback = clean_text(self.true_feedback)
        self.false_feedback = clean_text(self.false_feedback)
        super().save(*args, **kwargs)


class Choice(Orderable):
    """An option of a single-choice or multiple-response question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [FieldRowPanel([FieldPanel("text"), FieldPanel("is_correct")]), FieldPanel("feedback")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text = clean_text(self.text)
        self.feedback = clean_text(self.feedback)
        super().save(*args, **kwargs)


class AcceptedAnswer(Orderable):
    """A variant accepted as correct for a short-answer question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    text = models.CharField(_("text"), max_length=300)
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("feedback")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text = clean_text(self.text)
        self.feedback = clean_text(self.feedback)
        super().save(*args, **kwargs)


class MatchPair(Orderable):
    """A prompt and its match. A pair without a prompt adds a distractor match."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.CharField(_("prompt"), max_length=300, blank=True)
    match = models.CharField(_("match"), max_length=300)

    panels = [FieldRowPanel([FieldPanel("prompt"), FieldPanel("match")])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prompt = clean_text(self.prompt)
        self.match = clean_text(self.match)
        super().save(*args, **kwargs)


class OrderItem(Orderable):
    """An item of an ordering question; the panel order is the correct order."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="order_items")
    text = models.CharField(_("text"), max_length=300)

    panels = [FieldPanel("text")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text = clean_text(self.text)
        super().save(*args, **kwargs)


class QuestionVersion(models.Model):
    """An immutable snapshot of a question as learners saw it; attempts point here."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="quizzes_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["question", "digest"], name="quizzes_version_unique_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} (v{self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A question version is immutable.")
        super().save(*args, **kwargs)
