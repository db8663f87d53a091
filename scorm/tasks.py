"""Celery tasks for SCORM: thin wrappers around services, safe to retry."""

from celery import shared_task

from scorm.services.packages import extract_package


@shared_task(acks_late=True)
def extract_scorm_package(package_id: int) -> str:
    """Extract an accepted package into its storage folder."""
    return str(extract_package(package_id).status)
