"""Keep stored attendance and the waiting list right when a session or its parts change."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jobs.dispatch import enqueue
from training.models import Part, Session, SessionStatus


@receiver(post_save, sender=Part)
@receiver(post_delete, sender=Part)
def part_changed(sender: type, instance: Part, **kwargs: Any) -> None:
    """A part's length counts in everyone's percentage: recompute after the commit."""
    if kwargs.get("raw"):
        return
    from training.tasks import recompute_session_attendance

    enqueue(recompute_session_attendance, instance.session_id)


@receiver(post_save, sender=Session)
def session_saved(sender: type, instance: Session, created: bool, **kwargs: Any) -> None:
    """A raised capacity gives seats to the people waiting."""
    if created or kwargs.get("raw"):
        return
    if instance.status in (SessionStatus.OPEN, SessionStatus.CLOSED):
        from training.tasks import fill_seats

        enqueue(fill_seats, instance.pk)
