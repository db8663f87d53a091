"""Reminders to learners who have not started, or not finished, a course (the weekly digest
for managers is in `digests`).

Every e-mail is recorded before it is sent, inside one transaction: a repeated or concurrent run
hits the unique constraint and skips it, and a failed send rolls the record back so that the
next run tries again.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import CoursePage
from lib.dates import short_date
from reports.models import (
    CourseFact,
    ReminderKind,
    ReminderRule,
    ReminderSent,
)

logger = logging.getLogger(__name__)

# Periods are counted from a fixed Monday, so they are stable between runs and a 7-day period
# is a calendar week.
EPOCH = datetime.date(2025, 1, 6)


def period_start(day: datetime.date, period_days: int) -> datetime.date:
    """The first day of the `period_days`-day period, counted from EPOCH, that holds `day`."""
    return EPOCH + datetime.timedelta(days=(day - EPOCH).days // period_days * period_days)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def local_day(moment: datetime.datetime) -> str:
    return short_date(timezone.localdate(moment))


def _course_url(course: CoursePage) -> str:
    parts = course.get_url_parts()
    return absolute_url(parts[2] if parts else "/")


def not_done() -> Q:
    # A certificate issued by hand also counts as done, even without every lesson completed.
    return Q(completed_at__isnull=True, certificate__isnull=True, course__live=True)


def rule_condition(rule: ReminderRule, now: datetime.datetime) -> Q:
    """The course facts `rule` applies to at `now` (done or not)."""
    condition = Q(enrolled_at__lte=now - datetime.timedelta(days=rule.days))
    if rule.kind == ReminderKind.NOT_STARTED:
        condition &= Q(lessons_done=0)
    if rule.course_id is not None:
        condition &= Q(course_id=rule.course_id)
    if rule.only_assigned:
        condition &= Q(assigned=True)
    return condition


def due_facts(rule: ReminderRule, now: datetime.datetime) -> QuerySet[CourseFact]:
    """Unfinished courses `rule` reminds about at `now`, not yet reminded in this period, of
    active people who have an e-mail address."""
    start = period_start(timezone.localdate(now), rule.period_days)
    reminded = ReminderSent.objects.filter(
        rule=rule,
        period_start=start,
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
    )
    return (
        CourseFact.objects.filter(rule_condition(rule, now), not_done(), user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(reminded))
        .select_related("user__profile", "course")
        .order_by("user_id", "enrolled_at", "pk")
    )


def send_reminders(now: datetime.datetime | None = None) -> int:
    """E-mail every reminder due under the active rules; safe to run as often as wanted.

    One e-mail per person and rule lists all their courses due under it. Returns the number of
    e-mails sent.
    """
    now = now or timezone.now()
    sent = 0
    for rule in ReminderRule.objects.filter(active=True).order_by("pk"):
        start = period_start(timezone.localdate(now), rule.period_days)
        by_user: dict[int, list[CourseFact]] = defaultdict(list)
        for fact in due_facts(rule, now):
            by_user[fact.user_id].append(fact)
        for facts in by_user.values():
            if _send_reminder(rule, start, facts):
                sent += 1
    return sent


def _send_reminder(rule: ReminderRule, start: datetime.date, facts: Sequence[CourseFact]) -> bool:
    user = facts[0].user
    try:
        with transaction.atomic():
            # The records come first: a concurrent run hits the unique constraint and skips.
            ReminderSent.objects.bulk_create(
                ReminderSent(rule=rule, user=user, course_id=fact.course_id, period_start=start)
                for fact in facts
            )
            reminder_message(rule, facts).send()
    except IntegrityError:
        return False
    except (OSError, smtplib.SMTPException):
        # Rolled back with the records, so the next run tries again.
        logger.warning("Reminder of rule %s to user %s failed", rule.pk, user.pk, exc_info=True)
        return False
    return True


@dataclass(frozen=True)
class CourseLine:
    title: str
    url: str
    enrolled_on: str
    due_on: str
    percent: int


def reminder_message(rule: ReminderRule, facts: Sequence[CourseFact]) -> EmailMultiAlternatives:
    """The reminder to one person about their courses `facts`, in Vietnamese."""
    user = facts[0].user
    lines = [
        CourseLine(
            title=fact.course.title,
            url=_course_url(fact.course),
            enrolled_on=local_day(fact.enrolled_at),
            due_on=local_day(fact.enrolled_at + datetime.timedelta(days=rule.days)),
            percent=fact.progress_percent,
        )
        for fact in facts
    ]
    context = {
        "person": user.get_full_name(),
        "kind": rule.kind,
        "courses": lines,
        "period_days": rule.period_days,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if rule.kind == ReminderKind.NOT_STARTED:
            subject = (
                _("You have not started %(title)s") % {"title": lines[0].title}
                if len(lines) == 1
                else _("You have not started %(count)s courses") % {"count": len(lines)}
            )
        else:
            subject = (
                _("Overdue: %(title)s") % {"title": lines[0].title}
                if len(lines) == 1
                else _("%(count)s courses are overdue") % {"count": len(lines)}
            )
        return build_message(subject, "reports/emails/reminder", context, user.email)


def build_message(
    subject: str, template: str, context: dict[str, object], to: str
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


# --- Weekly digest of a province ----------------------------------------------------------------
