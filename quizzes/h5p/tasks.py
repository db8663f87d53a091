"""Celery tasks for H5P: thin wrappers around services, safe to retry."""

from celery import shared_task

from quizzes.h5p.services import extract_content


@shared_task(acks_late=True)
def extract_h5p_content(content_id: int) -> str:
    """Extract an accepted package into the library store and its content folder."""
    return str(extract_content(content_id).status)
