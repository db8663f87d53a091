"""A training session (a conference, a course day) and the parts it is held in."""

from __future__ import annotations

import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from lib.text import clean_text, fold


class SessionStatus(models.TextChoices):
    DRAFT = "nhap", _("Draft")
    OPEN = "mo_dang_ky", _("Open for registration")
    CLOSED = "dong", _("Closed")
    HELD = "da_dien_ra", _("Held")
    CANCELLED = "huy", _("Cancelled")


class SessionMode(models.TextChoices):
    IN_PERSON = "truc_tiep", _("In person")
    ONLINE = "truc_tuyen", _("Online")
    HYBRID = "ket_hop", _("Hybrid")


# Sessions a learner may see and that still run their parts.
LISTED_STATUSES = (SessionStatus.OPEN, SessionStatus.CLOSED, SessionStatus.HELD)


class Session(ClusterableModel):
    """A training event held in one or more parts, in person, online or both."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    fields = ParentalManyToManyField(
        "courses.Field", verbose_name=_("fields"), blank=True, related_name="training_sessions"
    )
    organiser = models.ForeignKey(
        "people.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organised_sessions",
    )
    mode = models.CharField(
        _("mode"), max_length=12, choices=SessionMode.choices, default=SessionMode.HYBRID
    )
    invited_provinces = ParentalManyToManyField(
        "people.Province",
        verbose_name=_("invited provinces"),
        blank=True,
        related_name="+",
        help_text=_("Leave provinces and units empty to open the session to everyone."),
    )
    invited_units = ParentalManyToManyField(
        "people.Unit",
        verbose_name=_("invited units"),
        blank=True,
        related_name="+",
        help_text=_("Staff of these units and of their communes are invited."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit. Past the limit, people join a waiting list."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("A ministry admin or the person's province manager approves each one."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        verbose_name=_("post-session quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    folded_title = models.CharField(max_length=200, editable=False, default="")

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("mode")]),
        FieldPanel("organiser"),
        FieldPanel("course"),
        FieldPanel("fields", widget=forms.CheckboxSelectMultiple),
        InlinePanel("parts", heading=_("Parts"), label=_("Part"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("invited_provinces", widget=forms.CheckboxSelectMultiple),
                FieldPanel("invited_units"),
            ],
            heading=_("Who is invited"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                FieldPanel("requires_approval"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("quiz"), FieldPanel("attendance_threshold")],
            heading=_("Certificate"),
        ),
    ]

    class Meta:
        ordering = ["-registration_deadline", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance_threshold__lte=100),
                name="session_threshold_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = clean_text(self.title)
        self.summary = unicodedata.normalize("NFC", self.summary or "").strip()
        self.folded_title = fold(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def registration_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == SessionStatus.OPEN and now <= self.registration_deadline


class Part(Orderable):
    """One sitting of a session: a morning of talks on a field, an afternoon of Q&A."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="parts")
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey(
        "courses.Field",
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    self_checkin = models.BooleanField(
        _("self check-in with the rotating code"),
        default=True,
        help_text=_("Learners type the code shown on the trainer's screen."),
    )
    min_online_minutes = models.PositiveSmallIntegerField(
        _("minimum online minutes"),
        null=True,
        blank=True,
        help_text=_("For participant reports. Leave empty for three quarters of the part."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("field"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("online_url"),
        FieldRowPanel([FieldPanel("self_checkin"), FieldPanel("min_online_minutes")]),
    ]

    class Meta(Orderable.Meta):
        ordering = ["starts_at", "sort_order"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="part_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A part must end after it starts.")})

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = clean_text(self.title)
        self.venue = clean_text(self.venue)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def minutes(self) -> int:
        return max(int((self.ends_at - self.starts_at).total_seconds() // 60), 1)

    @property
    def online_minimum(self) -> int:
        """Minutes online needed to count as present when a participant report is imported."""
        if self.min_online_minutes:
            return int(self.min_online_minutes)
        return max(self.minutes * 3 // 4, 1)
