"""Celery tasks for people: thin wrappers around services, safe to retry."""

from celery import shared_task

from people.imports import apply_import


@shared_task(acks_late=True)
def apply_staff_import(import_id: int) -> str:
    """Apply (or continue applying) a confirmed staff import; returns its final status."""
    return str(apply_import(import_id).status)
