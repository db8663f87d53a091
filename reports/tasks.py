"""Celery tasks for reports: thin wrappers around services, safe to retry."""

from celery import shared_task

from reports.services import exports


@shared_task(acks_late=True)
def run_export_job(job_id: str) -> str:
    """Write a queued report export; a finished one is left as it is."""
    return exports.run_export(job_id).status
