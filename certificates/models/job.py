"""Background work a manager starts and follows: bulk issue, ZIP export, merged print PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import TrackedJob


class JobKind(models.TextChoices):
    ISSUE = "issue", _("Bulk issue")
    ZIP = "zip", _("ZIP of PDFs")
    MERGED = "merged", _("Merged PDF for printing")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped")


class CertificateJob(TrackedJob):
    """One bulk job. Counters move as it runs; a stopped job can be run again and
    continues without issuing anyone twice."""

    run_task = "certificates.tasks.run_job"

    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rule = models.ForeignKey(
        "certificates.CertificateRule",
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    session = models.ForeignKey(
        "training.Session",
        verbose_name=_("training session"),
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
    # The people (for an issue) or certificates (for an export) planned when the job started.
    item_ids = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("processed"), default=0)
    failed = models.PositiveIntegerField(_("not done"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    notify = models.BooleanField(_("e-mail each holder"), default=True)
    output = models.FileField(_("file"), upload_to="certificates/exports/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificate job")
        verbose_name_plural = _("certificate jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, (self.done + self.failed) * 100 // self.total)
