"""The weekly digest of a province for its managers: not started, overdue, upcoming sessions,
newly certified. Recorded before sending, once per manager and week, like the reminders."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lib.dates import short_date
from people.models import Province, User
from people.roles import Role
from people.scope import Reach, scope_of
from reports.models import (
    CourseFact,
    DigestSent,
    ReminderKind,
    ReminderRule,
    SessionFact,
)
from reports.services.reminders import (
    absolute_url,
    build_message,
    local_day,
    not_done,
    rule_condition,
)
from training.emails import session_url
from training.models import Session, SessionStatus

logger = logging.getLogger(__name__)

DEFAULT_NOT_STARTED_DAYS = 7
UPCOMING_DAYS = 14
CERTIFIED_DAYS = 7
LIST_LIMIT = 20
DASHBOARD_PATH = "/quan-ly/"


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


# Periods are counted from a fixed Monday, so they are stable between runs and a 7-day period
# is a calendar week.
@dataclass(frozen=True)
class DigestRow:
    title: str
    date: str
    person: str = ""
    unit: str = ""
    url: str = ""


@dataclass(frozen=True)
class DigestSection:
    rows: list[DigestRow]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Digest:
    province: Province
    not_started: DigestSection
    overdue: DigestSection
    sessions: DigestSection
    certified: DigestSection

    @property
    def is_empty(self) -> bool:
        return not any(
            section.total
            for section in (self.not_started, self.overdue, self.sessions, self.certified)
        )


def _learner_section(
    facts: QuerySet[CourseFact], days_after: Callable[[int], int] = lambda _course_id: 0
) -> DigestSection:
    """People and courses of `facts`, each dated `days_after(course_id)` days after enrolment."""
    rows = [
        DigestRow(
            title=fact.course.title,
            date=local_day(fact.enrolled_at + datetime.timedelta(days=days_after(fact.course_id))),
            person=fact.user.get_full_name(),
            unit=fact.unit.name if fact.unit else "",
        )
        for fact in facts.select_related("user__profile", "course", "unit").order_by(
            "enrolled_at", "pk"
        )[:LIST_LIMIT]
    ]
    return DigestSection(rows=rows, total=facts.count())


def _overdue_section(learners: QuerySet[CourseFact], now: datetime.datetime) -> DigestSection:
    rules = list(ReminderRule.objects.filter(active=True, kind=ReminderKind.OVERDUE))
    if not rules:
        return DigestSection(rows=[], total=0)

    def due_after(course_id: int) -> int:
        # The course was due when the shortest rule that covers it was first met.
        return min(rule.days for rule in rules if rule.course_id in (None, course_id))

    overdue = reduce(or_, (rule_condition(rule, now) for rule in rules))
    return _learner_section(learners.filter(overdue), due_after)


def _sessions_section(province: Province, now: datetime.datetime) -> DigestSection:
    until = now + datetime.timedelta(days=UPCOMING_DAYS)
    open_to_province = (
        Q(invited_provinces=province)
        | Q(invited_units__province=province)
        | Q(invited_provinces__isnull=True, invited_units__isnull=True)
    )
    ids = Session.objects.filter(
        open_to_province,
        status__in=(SessionStatus.OPEN, SessionStatus.CLOSED),
        parts__starts_at__gte=now,
        parts__starts_at__lt=until,
    ).values("pk")
    sessions = (
        Session.objects.filter(pk__in=ids)
        .annotate(next_start=Min("parts__starts_at", filter=Q(parts__starts_at__gte=now)))
        .order_by("next_start", "pk")
    )
    rows = [
        DigestRow(
            title=session.title,
            date=local_day(session.next_start),
            url=session_url(session.pk),
        )
        for session in sessions[:LIST_LIMIT]
    ]
    return DigestSection(rows=rows, total=sessions.count())


def _certified_section(province: Province, now: datetime.datetime) -> DigestSection:
    window = Q(
        province=province,
        user__is_active=True,
        certified_at__gt=now - datetime.timedelta(days=CERTIFIED_DAYS),
        certified_at__lte=now,
    )
    course_facts = CourseFact.objects.filter(window)
    session_facts = SessionFact.objects.filter(window)
    found: list[CourseFact | SessionFact] = [
        *course_facts.select_related("user__profile", "unit", "course").order_by("-certified_at")[
            :LIST_LIMIT
        ],
        *session_facts.select_related("user__profile", "unit", "session").order_by("-certified_at")[
            :LIST_LIMIT
        ],
    ]
    found.sort(key=lambda fact: fact.certified_at or now, reverse=True)
    rows = [
        DigestRow(
            title=fact.course.title if isinstance(fact, CourseFact) else fact.session.title,
            date=local_day(fact.certified_at or now),
            person=fact.user.get_full_name(),
            unit=fact.unit.name if fact.unit else "",
        )
        for fact in found[:LIST_LIMIT]
    ]
    return DigestSection(rows=rows, total=course_facts.count() + session_facts.count())


def build_digest(province: Province, now: datetime.datetime) -> Digest:
    """What a manager of `province` learns this week: assigned courses not started or overdue,
    sessions open to the province in the next two weeks, and people newly certified."""
    learners = CourseFact.objects.filter(
        not_done(), province=province, assigned=True, user__is_active=True
    )
    not_started_rules = list(
        ReminderRule.objects.filter(active=True, kind=ReminderKind.NOT_STARTED)
    )
    if not_started_rules:
        not_started = reduce(or_, (rule_condition(rule, now) for rule in not_started_rules))
    else:
        cutoff = now - datetime.timedelta(days=DEFAULT_NOT_STARTED_DAYS)
        not_started = Q(enrolled_at__lte=cutoff, lessons_done=0)
    return Digest(
        province=province,
        not_started=_learner_section(learners.filter(not_started)),
        overdue=_overdue_section(learners, now),
        sessions=_sessions_section(province, now),
        certified=_certified_section(province, now),
    )


def send_digests(now: datetime.datetime | None = None) -> int:
    """E-mail each active province manager the digest of their province, once per ISO week.

    A province with nothing to report sends no digest, and nothing is recorded, so a later run
    in the same week sends one if something appears. Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    week = week_start(timezone.localdate(now))
    managers = (
        User.objects.filter(
            groups__name=Role.PROVINCE_MANAGER.value, is_active=True, profile__isnull=False
        )
        .exclude(email="")
        .exclude(pk__in=DigestSent.objects.filter(week_start=week).values("manager_id"))
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )
    digests: dict[int, Digest] = {}
    sent = 0
    for manager in managers:
        scope = scope_of(manager)
        if scope.reach is not Reach.PROVINCE or scope.province_id is None:
            continue
        if scope.province_id not in digests:
            province = Province.objects.get(pk=scope.province_id)
            digests[scope.province_id] = build_digest(province, now)
        digest = digests[scope.province_id]
        if not digest.is_empty and _send_digest(manager, week, digest):
            sent += 1
    return sent


def _send_digest(manager: User, week: datetime.date, digest: Digest) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(manager=manager, week_start=week)
            digest_message(manager, week, digest).send()
    except IntegrityError:
        return False
    except (OSError, smtplib.SMTPException):
        logger.warning("Digest to manager %s failed", manager.pk, exc_info=True)
        return False
    return True


def digest_message(manager: User, week: datetime.date, digest: Digest) -> EmailMultiAlternatives:
    """The weekly digest e-mail of `digest` to `manager`, in Vietnamese."""
    context = {
        "person": manager.get_full_name(),
        "province": digest.province.full_name,
        "week_start": short_date(week),
        "digest": digest,
        "upcoming_days": UPCOMING_DAYS,
        "certified_days": CERTIFIED_DAYS,
        "dashboard_url": absolute_url(DASHBOARD_PATH),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Weekly summary of %(province)s, week of %(date)s") % {
            "province": digest.province.full_name,
            "date": short_date(week),
        }
        return build_message(subject, "reports/emails/digest", context, manager.email)
