"""SCORM packages, their SCOs, learners' attempts (current CMI state) and the raw commit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from courses.models import LessonPage


class ScormPackage(models.Model):
    """An uploaded SCORM zip: validated on upload, extracted by a background task."""

    class Version(models.TextChoices):
        SCORM_12 = "1.2", "SCORM 1.2"
        SCORM_2004_2 = "2004-2", "SCORM 2004 2nd Edition"
        SCORM_2004_3 = "2004-3", "SCORM 2004 3rd Edition"
        SCORM_2004_4 = "2004-4", "SCORM 2004 4th Edition"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be extracted")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=255)
    version = models.CharField(_("SCORM version"), max_length=10, choices=Version.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    organization = models.CharField(_("organization"), max_length=255, blank=True)
    storage_path = models.CharField(_("storage folder"), max_length=500, blank=True)
    upload_path = models.CharField(_("uploaded file"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")

    def __str__(self) -> str:
        return self.title

    @property
    def is_2004(self) -> bool:
        return self.version.startswith("2004")


class Sco(models.Model):
    """A launchable item of the package's organization, in order."""

    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="scos")
    identifier = models.CharField(_("identifier"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    href = models.CharField(_("launch path"), max_length=1000)
    scorm_type = models.CharField(_("SCORM type"), max_length=10, default="sco")
    mastery_score = models.FloatField(_("mastery score"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["package", "order"]
        verbose_name = _("SCO")
        verbose_name_plural = _("SCOs")
        constraints = [
            models.UniqueConstraint(fields=["package", "identifier"], name="scorm_sco_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tracked(self) -> bool:
        return self.scorm_type == "sco"


class ScormAttempt(models.Model):
    """One learner's attempt at one SCO: the current CMI state after the last commit.

    Status and score columns are typed (read by reports); `cmi` holds the whole data model as
    last committed, `interactions` the interactions array."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts"
    )
    page = models.ForeignKey(
        "scorm.ScormActivityPage", on_delete=models.CASCADE, related_name="attempts"
    )
    sco = models.ForeignKey(Sco, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt"), default=1)
    # SCORM 1.2
    lesson_status = models.CharField(_("lesson status"), max_length=20, blank=True)
    # SCORM 2004
    completion_status = models.CharField(_("completion status"), max_length=20, blank=True)
    success_status = models.CharField(_("success status"), max_length=20, blank=True)
    progress_measure = models.FloatField(_("progress measure"), null=True, blank=True)
    score_raw = models.FloatField(_("raw score"), null=True, blank=True)
    score_min = models.FloatField(_("minimum score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    score_scaled = models.FloatField(_("scaled score"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    exit = models.CharField(_("exit"), max_length=20, blank=True)
    session_time = models.CharField(_("session time"), max_length=40, blank=True)
    total_time = models.DurationField(_("total time"), null=True, blank=True)
    interactions = models.JSONField(_("interactions"), default=list, blank=True)
    cmi = models.JSONField(_("CMI data"), default=dict, blank=True)
    commits = models.PositiveIntegerField(_("commits"), default=0)
    terminated = models.BooleanField(_("terminated"), default=False)
    completed = models.BooleanField(_("completed"), default=False)
    passed = models.BooleanField(_("passed"), null=True)
    source = models.CharField(_("source"), max_length=10, default="browser", editable=False)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "sco", "number"], name="scorm_attempt_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "page"], name="scorm_attempt_user_page")]

    def __str__(self) -> str:
        return f"{self.user} — {self.sco} #{self.number}"

    @property
    def status(self) -> str:
        return self.completion_status or self.lesson_status

    @property
    def percent(self) -> int | None:
        if self.score_scaled is not None:
            return round(self.score_scaled * 100)
        if self.score_raw is not None and self.score_max:
            low = self.score_min or 0
            return round((self.score_raw - low) / (self.score_max - low) * 100)
        if self.score_raw is not None and self.score_max is None:
            return round(self.score_raw)
        return None


class AppendOnlyQuerySet(models.QuerySet["CmiCommit"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("CMI commits are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("CMI commits are append-only")


class CmiCommit(models.Model):
    """A commit exactly as the browser sent it. Append-only: never updated or deleted."""

    attempt = models.ForeignKey(ScormAttempt, on_delete=models.PROTECT, related_name="log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_commits"
    )
    terminate = models.BooleanField(_("terminate"), default=False)
    data = models.JSONField(_("CMI data"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("CMI commit")
        verbose_name_plural = _("CMI commits")

    def __str__(self) -> str:
        return f"{self.attempt} @ {self.received_at}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("CMI commits are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("CMI commits are append-only")


class ScormActivityPage(LessonPage):
    """A lesson done by playing a SCORM package; completed when every SCO is completed."""

    manual_completion = False

    package = models.ForeignKey(
        ScormPackage,
        verbose_name=_("SCORM package"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="pages",
        limit_choices_to={"status": ScormPackage.Status.READY},
    )

    content_panels = [*LessonPage.content_panels, FieldPanel("package")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "scorm/activity_page.html"

    class Meta:
        verbose_name = _("SCORM activity")
        verbose_name_plural = _("SCORM activities")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from scorm import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.activity_state(self, request, context.get("enrolment")))
        return context

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The site's policy, which may also frame the SCORM content origin on this page."""
        response: HttpResponse = super().serve(request, *args, **kwargs)
        policy = {key: list(value) for key, value in settings.CONTENT_SECURITY_POLICY.items()}
        if settings.SCORM_ORIGIN:
            policy["frame-src"] = [*policy.get("frame-src", []), settings.SCORM_ORIGIN]
        response.headers.setdefault(
            "Content-Security-Policy",
            "; ".join(" ".join([name, *dict.fromkeys(src)]) for name, src in policy.items()),
        )
        return response
