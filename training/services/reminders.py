"""Reminders one day and one hour before each part; each is recorded so it goes out once."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.db import IntegrityError, transaction
from django.utils import timezone

from training.emails import reminder_message
from training.models import (
    Part,
    Registration,
    RegistrationStatus,
    ReminderKind,
    ReminderSent,
    SessionStatus,
)

logger = logging.getLogger(__name__)

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def due_kind(part: Part, now: datetime.datetime) -> ReminderKind | None:
    """Which reminder a part is due for now: within the hour, within the day, or none."""
    if not now < part.starts_at <= now + DAY:
        return None
    return ReminderKind.HOUR if part.starts_at - now <= HOUR else ReminderKind.DAY


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; safe to run every few minutes.

    A part less than an hour away gets only the one-hour reminder, so a late run never sends
    both at once. Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    parts = Part.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + DAY,
        session__status__in=(SessionStatus.OPEN, SessionStatus.CLOSED),
    ).select_related("session")
    sent = 0
    for part in parts:
        kind = due_kind(part, now)
        if kind is None:
            continue
        registrations = (
            Registration.objects.filter(
                session_id=part.session_id, status=RegistrationStatus.CONFIRMED
            )
            .exclude(
                pk__in=ReminderSent.objects.filter(part=part, kind=kind).values("registration_id")
            )
            .select_related("user", "session")
        )
        for registration in registrations:
            if _send_one(registration, part, kind):
                sent += 1
    return sent


def _send_one(registration: Registration, part: Part, kind: ReminderKind) -> bool:
    try:
        with transaction.atomic():
            # The record comes first: a concurrent run hits the unique constraint and skips.
            ReminderSent.objects.create(registration=registration, part=part, kind=kind)
            message = reminder_message(registration, part, kind)
            if message is not None:
                message.send()
    except IntegrityError:
        return False
    except (OSError, smtplib.SMTPException):
        # Rolled back with the record, so the next run tries again.
        logger.warning("Reminder to registration %s failed", registration.pk, exc_info=True)
        return False
    return message is not None
