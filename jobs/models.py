"""The outbox of tasks not yet handed to the broker, and the heartbeat every long job carries."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Every job model spells its statuses with these values.
ACTIVE_STATUSES = ("queued", "running")


def stale_after() -> timedelta:
    """How long a queued or running job may go without a heartbeat before it is restarted."""
    return timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)


class PendingTask(models.Model):
    """A task recorded with the transaction that asked for it, deleted once the broker has it.

    A row that stays means the broker was unreachable (or the process died between commit and
    dispatch); the sweeper sends it again.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("dispatch attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class TrackedJob(models.Model):
    """A job whose worker proves it is alive; `status` uses the values of ACTIVE_STATUSES."""

    status: models.CharField
    # The task that runs (or resumes) one job, given its primary key as text or number.
    run_task: str
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_stale(self) -> bool:
        """Queued or running, but nobody has worked on it for longer than stale_after()."""
        if not self.is_active:
            return False
        return self.heartbeat_at < timezone.now() - stale_after()

    @property
    def is_working(self) -> bool:
        """Queued or running, and alive: what a progress page keeps polling for."""
        return self.is_active and not self.is_stale

    @property
    def can_resume(self) -> bool:
        return self.status == "failed" or self.is_stale

    def task_args(self) -> list[int | str]:
        """The arguments of `run_task` for this job (its key, as JSON can carry it)."""
        return [self.pk if isinstance(self.pk, int) else str(self.pk)]
