"""Celery tasks for people: thin wrappers around services, safe to retry."""

from celery import shared_task

from people.imports import apply_import
from people.invitations import send_invitations


@shared_task(acks_late=True)
def apply_staff_import(import_id: int) -> str:
    """Apply (or continue applying) a confirmed staff import; returns its final status."""
    return str(apply_import(import_id).status)


@shared_task(acks_late=True)
def send_staff_invitations(user_ids: list[int], again: bool = False) -> int:
    """E-mail the invitation to choose a password to each new account; how many were sent."""
    return send_invitations(user_ids, again=again)
