"""Reminder rules managed by ministry admins, and the record of every reminder and digest sent,
so that a run repeated by Celery beat never e-mails anyone twice for the same period."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class ReminderKind(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    OVERDUE = "overdue", _("Overdue")


class ReminderRule(models.Model):
    """Whom to remind about which course, how many days after enrolment, and how often."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    # CASCADE: a rule whose course is deleted must not silently widen to every course.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to apply the rule to every course."),
    )
    days = models.PositiveSmallIntegerField(
        _("days after enrolment"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "Not started: no lesson done this many days after enrolment. "
            "Overdue: the course is not completed this many days after enrolment."
        ),
    )
    only_assigned = models.BooleanField(
        _("assigned courses only"),
        default=True,
        help_text=_("Only remind people who were enrolled by a manager."),
    )
    period_days = models.PositiveSmallIntegerField(
        _("days between reminders"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("A person gets at most one reminder of this rule in this many days."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("days")]),
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("only_assigned"), FieldPanel("period_days")]),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1, period_days__gte=1),
                name="reports_reminder_rule_positive_days",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReminderSent(models.Model):
    """One reminder of one rule about one course to one person, in one period; never twice."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course reminder sent")
        verbose_name_plural = _("course reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "user", "course", "period_start"],
                name="reports_one_reminder_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.user} · {self.course} · {self.period_start}"


class DigestSent(models.Model):
    """The weekly digest e-mailed to one province manager; one per ISO week."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["manager", "week_start"], name="reports_one_digest_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} · {self.week_start}"
