"""E-mails about registrations and reminders, in Vietnamese, with a calendar file."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from training.ics import session_calendar
from training.models import Part, Registration, ReminderKind


def _subject(kind: str, title: str) -> str:
    messages = {
        "confirmed": _("Your place is confirmed: %(title)s"),
        "promoted": _("A place became free for you: %(title)s"),
        "waitlisted": _("You are on the waiting list: %(title)s"),
        "pending": _("Your registration awaits approval: %(title)s"),
        "rejected": _("Your registration was not approved: %(title)s"),
        "cancelled": _("Your registration is cancelled: %(title)s"),
    }
    return messages[kind] % {"title": title}


def session_url(session_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("training:session_detail", args=[session_id])


def registration_message(registration: Registration, kind: str) -> EmailMessage | None:
    """The e-mail telling a person where their registration stands (None without an address)."""
    user = registration.user
    if not user.email:
        return None
    session = registration.session
    parts = list(session.parts.order_by("starts_at"))
    url = session_url(session.pk)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "training/emails/registration.txt",
            {
                "kind": kind,
                "person": user.get_full_name(),
                "session": session,
                "parts": parts,
                "url": url,
                "card_url": settings.SITE_URL.rstrip("/") + reverse("training:learner_card"),
            },
        )
        message = EmailMessage(
            subject=_subject(kind, session.title),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
    if kind in ("confirmed", "promoted"):
        message.attach(
            "hoi-nghi.ics",
            session_calendar(session, parts, url=url),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return message


def reminder_message(registration: Registration, part: Part, kind: str) -> EmailMessage | None:
    user = registration.user
    if not user.email:
        return None
    session = registration.session
    url = session_url(session.pk)
    with translation.override(settings.LANGUAGE_CODE):
        if kind == ReminderKind.DAY:
            subject = _("Tomorrow: %(title)s") % {"title": part.title}
        else:
            subject = _("In one hour: %(title)s") % {"title": part.title}
        body = render_to_string(
            "training/emails/reminder.txt",
            {
                "person": user.get_full_name(),
                "session": session,
                "part": part,
                "url": url,
                "checkin_url": settings.SITE_URL.rstrip("/") + reverse("training:check_in"),
            },
        )
        message = EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
        )
    message.attach(
        "hoi-nghi.ics",
        session_calendar(session, [part], url=url),
        "text/calendar; charset=utf-8; method=PUBLISH",
    )
    return message


def send_registration_email(registration_id: int, kind: str) -> bool:
    registration = (
        Registration.objects.select_related("session", "user__profile")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    message = registration_message(registration, kind)
    if message is None:
        return False
    message.send()
    return True
