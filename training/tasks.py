"""Celery tasks for training: thin wrappers around services, safe to retry."""

from celery import shared_task

from training import emails
from training.services import attendance, registration, reminders


@shared_task(acks_late=True)
def send_registration_email(registration_id: int, kind: str) -> bool:
    """E-mail a person where their registration stands (with the .ics when confirmed)."""
    return emails.send_registration_email(registration_id, kind)


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Run by Celery beat every few minutes; each reminder goes out once."""
    return reminders.send_due_reminders()


@shared_task(acks_late=True)
def recompute_session_attendance(session_id: int) -> int:
    """Recompute stored attendance after a session's parts changed."""
    return attendance.recompute_session(session_id)


@shared_task(acks_late=True)
def fill_seats(session_id: int) -> int:
    """Promote from the waiting list after the capacity was raised."""
    return len(registration.fill_seats(session_id))
