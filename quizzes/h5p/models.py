"""The shared library store, uploaded contents, raw xAPI statements, results and resume state."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from courses.models import LessonPage


class H5PLibrary(models.Model):
    """One version of a content-type library, stored once and shared by every content.

    New library code is played only after a ministry admin approves it.
    """

    machine_name = models.CharField(_("machine name"), max_length=255)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=255)
    runnable = models.BooleanField(_("runnable"), default=False)
    metadata = models.JSONField(_("library.json"), default=dict)
    storage_path = models.CharField(_("storage folder"), max_length=500)
    approved = models.BooleanField(_("approved"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["machine_name", "-major_version", "-minor_version", "-patch_version"]
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version", "patch_version"],
                name="h5p_library_version_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.version}"

    @property
    def key(self) -> str:
        """The folder name the player asks for: "Machine-major.minor"."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"


class H5PContent(models.Model):
    """An uploaded .h5p package: its parameters and files, extracted by a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be extracted")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    main_library = models.CharField(
        _("main library"), max_length=255, help_text=_("e.g. H5P.MultiChoice-1.16")
    )
    dependency_keys = models.JSONField(_("libraries needed"), default=list)
    dependencies = models.ManyToManyField(
        H5PLibrary, verbose_name=_("libraries"), related_name="contents", blank=True
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    metadata = models.JSONField(_("h5p.json"), default=dict)
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
        verbose_name = _("H5P content")
        verbose_name_plural = _("H5P contents")

    def __str__(self) -> str:
        return self.title


class AppendOnlyQuerySet(models.QuerySet["XAPIStatement"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("xAPI statements are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("xAPI statements are append-only")


class XAPIStatement(models.Model):
    """A statement exactly as the browser sent it. Append-only: never updated or deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    content = models.ForeignKey(H5PContent, on_delete=models.PROTECT, related_name="statements")
    page = models.ForeignKey(
        "h5p.H5PActivityPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    verb = models.CharField(_("verb"), max_length=200)
    top_level = models.BooleanField(_("top level"), default=True)
    statement = models.JSONField(_("statement"))
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["user", "content"], name="h5p_stmt_user_content")]

    def __str__(self) -> str:
        return f"{self.user} {self.verb} {self.content}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("xAPI statements are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("xAPI statements are append-only")


class H5PResult(models.Model):
    """A learner's result on one content, derived from their stored statements."""

    class Source(models.TextChoices):
        BROWSER = "browser", _("Browser-reported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results"
    )
    content = models.ForeignKey(H5PContent, on_delete=models.PROTECT, related_name="results")
    page = models.ForeignKey(
        "h5p.H5PActivityPage", null=True, on_delete=models.SET_NULL, related_name="results"
    )
    score = models.FloatField(_("score"), null=True)
    max_score = models.FloatField(_("maximum score"), null=True)
    scaled = models.FloatField(_("scaled score"), null=True)
    success = models.BooleanField(_("success"), null=True)
    completion = models.BooleanField(_("completion"), default=False)
    duration = models.DurationField(_("duration"), null=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.BROWSER
    )
    completed_at = models.DateTimeField(_("completed at"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        constraints = [
            models.UniqueConstraint(fields=["user", "content"], name="h5p_one_result"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.content}"

    @property
    def percent(self) -> int | None:
        return round(self.scaled * 100) if self.scaled is not None else None


class H5PUserData(models.Model):
    """Resume state (H5P contentUserData) per learner, content, data type and sub-content."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_user_data"
    )
    content = models.ForeignKey(H5PContent, on_delete=models.CASCADE, related_name="user_data")
    data_type = models.CharField(max_length=60)
    sub_content_id = models.CharField(max_length=60, default="0")
    data = models.TextField()
    preload = models.BooleanField(default=True)
    invalidate = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P saved state")
        verbose_name_plural = _("H5P saved states")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content", "data_type", "sub_content_id"],
                name="h5p_one_user_data",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.content} {self.data_type}"


class H5PActivityPage(LessonPage):
    """A lesson done by playing an H5P content; completed from its xAPI statements."""

    manual_completion = False

    content = models.ForeignKey(
        H5PContent,
        verbose_name=_("H5P content"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="pages",
        limit_choices_to={"status": H5PContent.Status.READY},
    )

    content_panels = [*LessonPage.content_panels, FieldPanel("content")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "h5p/activity_page.html"

    class Meta:
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from quizzes.h5p import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.activity_state(self, request, context.get("enrolment")))
        return context
