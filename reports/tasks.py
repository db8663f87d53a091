"""Celery tasks for reports: thin wrappers around services, safe to retry."""

from celery import shared_task

from reports.services import digests, exports, reminders


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Run daily by Celery beat; each reminder goes out once per rule and period."""
    return reminders.send_reminders()


@shared_task(acks_late=True)
def send_digests() -> int:
    """Run weekly by Celery beat; each province manager gets one digest per week."""
    return digests.send_digests()


@shared_task(acks_late=True)
def run_export_job(job_id: str) -> str:
    """Write a queued report export; a finished one is left as it is."""
    return exports.run_export(job_id).status
