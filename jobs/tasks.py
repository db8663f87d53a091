"""Celery tasks for background jobs: thin wrappers around services."""

from celery import shared_task

from jobs import services


@shared_task(acks_late=True)
def sweep() -> dict[str, int]:
    """Run every minute by Celery beat: resend what the broker missed, restart quiet jobs."""
    result = services.sweep()
    return {"resent": result.resent, "waiting": result.waiting, "restarted": result.restarted}
