"""When a person earns a certificate for a course or a training session."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class LessonsMode(models.TextChoices):
    ALL = "all", _("All of the chosen lessons")
    ANY = "any", _("Any one of the chosen lessons")


class CertificateRule(ClusterableModel):
    """The conditions for one course or one session. Every condition that is set must hold.

    A session without a rule of its own uses its attendance threshold and its quiz.
    """

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate_rule",
    )
    session = models.OneToOneField(
        "training.Session",
        verbose_name=_("training session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate_rule",
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
        help_text=_("Leave empty for the default template."),
    )
    require_course_completion = models.BooleanField(
        _("course completed"),
        default=True,
        help_text=_("The course counts as completed under its own completion rule."),
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For a session. Leave empty to use the session's own threshold."),
    )
    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        verbose_name=_("quiz to pass"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a session, leave empty to use the session's post-session quiz."),
    )
    lessons = ParentalManyToManyField(
        "courses.LessonPage", verbose_name=_("required lessons"), blank=True, related_name="+"
    )
    lessons_mode = models.CharField(
        _("required lessons done"),
        max_length=3,
        choices=LessonsMode.choices,
        default=LessonsMode.ALL,
    )
    auto_issue = models.BooleanField(
        _("issue automatically"),
        default=True,
        help_text=_("Issue as soon as a person meets the conditions."),
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    achievement_kind = models.CharField(
        _("wording of the achievement"),
        max_length=100,
        default="khóa tập huấn",
        help_text=_("Printed after “Đã hoàn thành”, e.g. khóa tập huấn, khóa bồi dưỡng."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("course"), FieldPanel("session")]),
        FieldPanel("template"),
        FieldPanel("achievement_kind"),
        MultiFieldPanel(
            [
                FieldPanel("require_course_completion"),
                FieldPanel("min_attendance"),
                FieldPanel("quiz"),
                FieldPanel("lessons", widget=forms.SelectMultiple),
                FieldPanel("lessons_mode"),
            ],
            heading=_("Conditions"),
        ),
        FieldRowPanel([FieldPanel("auto_issue"), FieldPanel("valid_months")]),
    ]

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, session__isnull=True)
                | Q(course__isnull=True, session__isnull=False),
                name="rule_for_course_or_session",
            ),
        ]

    def __str__(self) -> str:
        target = self.course or self.session
        return str(target) if target else str(_("certificate rule"))

    def clean(self) -> None:
        super().clean()
        if (self.course_id is None) == (self.session_id is None):
            raise ValidationError(_("Choose either a course or a training session."))


class OverrideDecision(models.TextChoices):
    GRANT = "grant", _("Grant")
    BLOCK = "block", _("Block")


class EligibilityOverride(models.Model):
    """A manager's decision for one person under one rule, with a written reason."""

    rule = models.ForeignKey(CertificateRule, on_delete=models.CASCADE, related_name="overrides")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=5, choices=OverrideDecision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("manual decision")
        verbose_name_plural = _("manual decisions")
        constraints = [
            models.UniqueConstraint(fields=["rule", "person"], name="one_override_per_person"),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.person} · {self.decision}"
