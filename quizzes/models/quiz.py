"""The quiz page and its settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable

from courses.models import LessonPage


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class QuizPage(LessonPage):
    """A lesson done by passing a server-graded quiz."""

    manual_completion = False

    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means unlimited."),
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)

    review_marks_after_submit = models.BooleanField(_("marks"), default=True)
    review_correct_after_submit = models.BooleanField(_("correct answers"), default=False)
    review_feedback_after_submit = models.BooleanField(_("feedback"), default=True)
    review_marks_after_close = models.BooleanField(_("marks"), default=True)
    review_correct_after_close = models.BooleanField(_("correct answers"), default=True)
    review_feedback_after_close = models.BooleanField(_("feedback"), default=True)

    settings_panels_quiz = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]),
                FieldRowPanel([FieldPanel("grading_method"), FieldPanel("pass_mark")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_answers")]),
            ],
            heading=_("Quiz settings"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_marks_after_submit"),
                FieldPanel("review_correct_after_submit"),
                FieldPanel("review_feedback_after_submit"),
            ],
            heading=_("Review right after the attempt"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_marks_after_close"),
                FieldPanel("review_correct_after_close"),
                FieldPanel("review_feedback_after_close"),
            ],
            heading=_("Review after the quiz closes"),
        ),
    ]
    content_panels = [
        *LessonPage.content_panels,
        InlinePanel("slots", label=_("Question slot"), heading=_("Questions"), min_num=1),
        *settings_panels_quiz,
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "quizzes/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from quizzes import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.quiz_overview(self, request.user))
        return context

    @path("", name="index")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from quizzes.views import overview

        return overview(request, self)

    @path("lam-bai/", name="start")
    def start_view(self, request: HttpRequest) -> HttpResponse:
        from quizzes.views import start

        return start(request, self)

    @path("luot/<int:attempt_id>/", name="attempt")
    def attempt_view(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from quizzes.views import attempt

        return attempt(request, self, attempt_id)

    @path("luot/<int:attempt_id>/nop-bai/", name="submit")
    def submit_view(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from quizzes.views import submit

        return submit(request, self, attempt_id)

    @path("ket-qua/<int:attempt_id>/", name="review")
    def review_view(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        from quizzes.views import review

        return review(request, self, attempt_id)


class SlotKind(models.TextChoices):
    FIXED = "fixed", _("A chosen question")
    RANDOM = "random", _("Random questions from a category")


class QuizSlot(Orderable, ClusterableModel):
    """One place in the quiz: a fixed question, or N questions drawn from a category."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(
        _("kind"), max_length=10, choices=SlotKind.choices, default=SlotKind.FIXED
    )
    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "quizzes.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tags = ParentalManyToManyField(
        "taggit.Tag",
        verbose_name=_("with all these tags"),
        blank=True,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    mark = models.DecimalField(
        _("mark per question"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leave empty to use each question's own mark."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("count")]),
        FieldPanel("tags"),
        FieldPanel("mark"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question slot")
        verbose_name_plural = _("question slots")

    def clean(self) -> None:
        super().clean()
        if self.kind == SlotKind.FIXED and self.question_id is None:
            raise ValidationError({"question": _("Choose the question for this slot.")})
        if self.kind == SlotKind.RANDOM and self.category_id is None:
            raise ValidationError({"category": _("Choose the category to draw questions from.")})
