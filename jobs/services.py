"""The sweeper: what the broker could not take is sent again; quiet jobs are restarted."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobs.dispatch import enqueue, send
from jobs.models import ACTIVE_STATUSES, PendingTask, TrackedJob, stale_after

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sweep:
    resent: int
    waiting: int
    restarted: int


def job_models() -> list[type[TrackedJob]]:
    return [model for model in apps.get_models() if issubclass(model, TrackedJob)]


def touch(job: TrackedJob) -> None:
    """Record a sign of life for a job whose worker is busy without counting progress."""
    type(job)._default_manager.filter(pk=job.pk).update(heartbeat_at=timezone.now())


def resend_pending() -> tuple[int, int]:
    """Send the recorded tasks the broker did not take; (sent, still waiting).

    A task is left alone for a grace period first: its own on-commit dispatch may be running.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_DISPATCH_GRACE_SECONDS)
    sent = 0
    for pending in PendingTask.objects.filter(created_at__lt=cutoff).iterator():
        if not send(pending.pk, pending.task, pending.args):
            break  # the broker is still down; the next sweep tries again
        sent += 1
    return sent, PendingTask.objects.count()


def restart_stale() -> int:
    """Queue again every job that is queued or running but has shown no sign of life."""
    now = timezone.now()
    cutoff = now - stale_after()
    # Every job model has a `status` field, which the abstract TrackedJob cannot declare.
    quiet = {"status__in": ACTIVE_STATUSES, "heartbeat_at__lt": cutoff}
    restarted = 0
    for model in job_models():
        for job in model._default_manager.filter(**quiet).only("pk", "heartbeat_at"):
            with transaction.atomic():
                # Claim it, so two sweepers never restart one job twice.
                claimed = model._default_manager.filter(
                    pk=job.pk, heartbeat_at=job.heartbeat_at
                ).update(heartbeat_at=now)
                if claimed:
                    logger.warning(
                        "Restarting %s %s: no sign of life since %s",
                        model.__name__,
                        job.pk,
                        job.heartbeat_at,
                    )
                    enqueue(model.run_task, *job.task_args())
                    restarted += 1
    return restarted


def sweep() -> Sweep:
    resent, waiting = resend_pending()
    return Sweep(resent=resent, waiting=waiting, restarted=restart_stale())
