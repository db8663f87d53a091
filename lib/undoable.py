"""A bulk action by a manager that its author may undo on the day it was made."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.db import models
from django.utils import timezone


def start_of_today(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight of `now`'s day in the site's time zone (Vietnam), as an aware datetime."""
    today = timezone.localdate(now or timezone.now())
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


class UndoableBatchQuerySet(models.QuerySet[Any]):
    def undoable_by(self, actor_id: int, now: datetime.datetime | None = None) -> Self:
        """Batches `actor_id` made today that are not undone yet."""
        return self.filter(
            actor_id=actor_id, undone_at__isnull=True, created_at__gte=start_of_today(now)
        )


class UndoableBatch(models.Model):
    """What one bulk action created, counted, so that its author can undo it that day, once.

    Concrete batches add the author as `actor` (with their own reverse name) and what the batch
    acted on.
    """

    actor_id: int

    created_at = models.DateTimeField(auto_now_add=True)
    created_count = models.PositiveIntegerField(default=0)
    undone_at = models.DateTimeField(null=True, blank=True)
    removed_count = models.PositiveIntegerField(default=0)

    objects = UndoableBatchQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def can_be_undone_by(self, actor_id: int, now: datetime.datetime | None = None) -> bool:
        """Whether `actor_id` may still undo this batch: their own, not undone, made today."""
        now = now or timezone.now()
        return (
            self.actor_id == actor_id
            and self.undone_at is None
            and timezone.localdate(self.created_at) == timezone.localdate(now)
        )

    def mark_undone(self, removed: int, now: datetime.datetime) -> None:
        self.undone_at = now
        self.removed_count = removed
        self.save(update_fields=["undone_at", "removed_count"])
