"""Attendance: check-in by code or learner card, the roster, walk-ins, the stored percentage."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lib.percent import rounded_percent
from people.models import User
from training import codes
from training.access import can_run_sessions
from training.errors import AlreadyCheckedIn, CheckInRefused, NotAllowed, TrainingError
from training.models import (
    ATTENDED_STATUSES,
    LISTED_STATUSES,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Part,
    Registration,
    RegistrationStatus,
)
from training.services.registration import local
from training.signals import attendance_changed, participation_changed

FAILURE_WINDOW_SECONDS = 600


def checkin_window(part: Part) -> tuple[datetime.datetime, datetime.datetime]:
    """When check-in to `part` opens and closes."""
    opens = part.starts_at - datetime.timedelta(minutes=settings.TRAINING_CHECKIN_OPENS_MINUTES)
    closes = part.ends_at + datetime.timedelta(minutes=settings.TRAINING_CHECKIN_GRACE_MINUTES)
    return opens, closes


def in_window(part: Part, now: datetime.datetime) -> bool:
    opens, closes = checkin_window(part)
    return opens <= now <= closes


def _check_window(part: Part, now: datetime.datetime) -> None:
    if not in_window(part, now):
        opens, closes = checkin_window(part)
        raise CheckInRefused(
            _("Check-in for “%(part)s” is open from %(opens)s to %(closes)s.")
            % {"part": part.title, "opens": local(opens), "closes": local(closes)},
            code="outside_window",
        )


def _arrival_status(part: Part, now: datetime.datetime) -> AttendanceStatus:
    late_after = part.starts_at + datetime.timedelta(minutes=settings.TRAINING_LATE_AFTER_MINUTES)
    return AttendanceStatus.LATE if now > late_after else AttendanceStatus.PRESENT


def _time(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "H:i")


def recompute_attendance(registration: Registration) -> Registration:
    """Store the share of the session's minutes the person attended (present or late).

    Call inside the transaction that changed the attendance; higher apps hear of it after
    the commit through `attendance_changed`.
    """
    parts = list(Part.objects.filter(session_id=registration.session_id))
    total = sum(part.minutes for part in parts)
    attended = set(
        Attendance.objects.filter(
            part__session_id=registration.session_id,
            user_id=registration.user_id,
            status__in=ATTENDED_STATUSES,
        ).values_list("part_id", flat=True)
    )
    minutes = sum(part.minutes for part in parts if part.pk in attended)
    registration.attended_minutes = minutes
    registration.session_minutes = total
    registration.attendance_percent = rounded_percent(minutes, total)
    registration.save(
        update_fields=["attended_minutes", "session_minutes", "attendance_percent", "updated_at"]
    )
    participation_changed.send(
        sender=Registration, session_id=registration.session_id, user_id=registration.user_id
    )
    transaction.on_commit(
        lambda: attendance_changed.send(
            sender=Registration,
            registration=registration,
            user=registration.user,
            session=registration.session,
            attendance_percent=registration.attendance_percent,
        )
    )
    return registration


def recompute_session(session_id: int) -> int:
    """Recompute every registration of a session (e.g. after its parts changed)."""
    count = 0
    for registration in Registration.objects.filter(session_id=session_id).select_related(
        "session", "user"
    ):
        with transaction.atomic():
            recompute_attendance(registration)
        count += 1
    return count


def _confirmed(session_id: int, user_id: int) -> Registration | None:
    return (
        Registration.objects.select_for_update()
        .filter(session_id=session_id, user_id=user_id, status=RegistrationStatus.CONFIRMED)
        .select_related("session", "user")
        .first()
    )


def _record_arrival(
    part: Part,
    registration: Registration,
    *,
    method: AttendanceMethod,
    by: User | None,
    now: datetime.datetime,
    name: str,
) -> Attendance:
    attendance = (
        Attendance.objects.select_for_update().filter(part=part, user=registration.user).first()
    )
    if attendance is not None and attendance.attended:
        when = attendance.checked_in_at or attendance.updated_at
        raise AlreadyCheckedIn(
            _("%(name)s already checked in to “%(part)s” at %(time)s.")
            % {"name": name, "part": part.title, "time": _time(when)},
            code="already",
        )
    if attendance is None:
        attendance = Attendance(part=part, user=registration.user)
    attendance.status = _arrival_status(part, now)
    attendance.method = method
    attendance.checked_in_at = now
    attendance.recorded_by = by
    attendance.save()
    recompute_attendance(registration)
    return attendance


def _failures_key(user: User) -> str:
    return f"training:checkin-failures:{user.pk}"


def _count_failure(user: User) -> None:
    key = _failures_key(user)
    if not cache.add(key, 1, FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, FAILURE_WINDOW_SECONDS)


def check_in_with_code(
    user: User, code: str, *, now: datetime.datetime | None = None
) -> Attendance:
    """Self check-in with the code on the trainer's screen, once per part, inside its window."""
    now = now or timezone.now()
    code = codes.normalise_code(code)
    if len(code) != codes.CODE_DIGITS:
        raise CheckInRefused(
            _("Enter the 6-digit code shown on the trainer's screen."), code="format"
        )
    if (cache.get(_failures_key(user)) or 0) >= settings.TRAINING_CHECKIN_MAX_FAILURES:
        raise CheckInRefused(
            _("Too many wrong codes. Wait ten minutes and try again."), code="too_many"
        )
    # Parts near today, so that a code shown before or after the window is answered with
    # the window rather than as wrong.
    horizon = datetime.timedelta(days=2)
    candidates = list(
        Part.objects.filter(
            self_checkin=True,
            session__status__in=LISTED_STATUSES,
            starts_at__lte=now + datetime.timedelta(days=1),
            ends_at__gte=now - horizon,
        ).select_related("session")
    )
    matches = {part.pk: codes.match_code(part.pk, code, now) for part in candidates}
    valid = [part for part in candidates if matches[part.pk] is codes.CodeMatch.VALID]
    if not valid:
        _count_failure(user)
        if any(match is codes.CodeMatch.EXPIRED for match in matches.values()):
            raise CheckInRefused(
                _("This code has expired. Enter the code the trainer's screen shows now."),
                code="expired",
            )
        raise CheckInRefused(
            _("This code is not right. Check the trainer's screen and retry."), code="wrong"
        )
    registered = set(
        Registration.objects.filter(
            user=user,
            status=RegistrationStatus.CONFIRMED,
            session_id__in={part.session_id for part in valid},
        ).values_list("session_id", flat=True)
    )
    mine = [part for part in valid if part.session_id in registered]
    if not mine:
        _count_failure(user)
        raise CheckInRefused(
            _("This code belongs to a session you are not confirmed for. Check in at your own."),
            code="foreign",
        )
    part = mine[0]
    _check_window(part, now)
    with transaction.atomic():
        registration = _confirmed(part.session_id, user.pk)
        if registration is None:
            raise CheckInRefused(
                _("Your registration is no longer confirmed."), code="not_confirmed"
            )
        return _record_arrival(
            part,
            registration,
            method=AttendanceMethod.CODE,
            by=user,
            now=now,
            name=_("You"),
        )


@dataclass(frozen=True)
class CardCheckIn:
    attendance: Attendance
    person: User


def check_in_by_card(
    actor: User, part: Part, value: str, *, now: datetime.datetime | None = None
) -> CardCheckIn:
    """The trainer scans a learner card: that learner (and only them) is checked in."""
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins take attendance."))
    now = now or timezone.now()
    try:
        user_id = codes.read_learner_card(value)
    except codes.InvalidCard as exc:
        raise CheckInRefused(
            _("This QR code is not a learner card of this platform, or it was altered."),
            code="invalid_card",
        ) from exc
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise CheckInRefused(
            _("This learner card belongs to no active account."), code="invalid_card"
        )
    name = person.get_full_name()
    if part.session.status not in LISTED_STATUSES:
        raise CheckInRefused(_("This session is not running."), code="not_running")
    with transaction.atomic():
        registration = _confirmed(part.session_id, person.pk)
        if registration is None:
            other = Registration.objects.filter(session_id=part.session_id, user=person).first()
            if other is not None:
                raise CheckInRefused(
                    _("%(name)s is not confirmed for this session (%(status)s).")
                    % {"name": name, "status": other.get_status_display()},
                    code="not_confirmed",
                )
            raise CheckInRefused(
                _("%(name)s is not registered for this session.") % {"name": name},
                code="not_registered",
            )
        _check_window(part, now)
        attendance = _record_arrival(
            part, registration, method=AttendanceMethod.QR, by=actor, now=now, name=name
        )
    return CardCheckIn(attendance, person)


def roster_days(part: Part) -> tuple[datetime.date, datetime.date]:
    """The local days on which `part` can be marked: from its own day to the session's last day."""
    last_end = max(p.ends_at for p in part.session.parts.all())
    return timezone.localdate(part.starts_at), timezone.localdate(last_end)


def _check_roster_day(part: Part, now: datetime.datetime) -> None:
    first, last = roster_days(part)
    if not first <= timezone.localdate(now) <= last:
        raise TrainingError(
            _(
                "The roster of “%(part)s” can only be marked on the session's days, "
                "from %(first)s to %(last)s. Nothing was saved."
            )
            % {
                "part": part.title,
                "first": date_format(first, "d/m/Y"),
                "last": date_format(last, "d/m/Y"),
            }
        )


def mark_roster(
    actor: User,
    part: Part,
    marks: Mapping[int, str],
    *,
    now: datetime.datetime | None = None,
) -> int:
    """Set each person's status for the part from the roster ("" clears a mark).

    Only confirmed registrants can be marked, and only on the session's days (from the part's
    day to the session's last day, Vietnam time). Returns how many marks changed.
    """
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins take attendance."))
    now = now or timezone.now()
    _check_roster_day(part, now)
    wanted = {int(user_id): value for user_id, value in marks.items()}
    for value in wanted.values():
        if value and value not in AttendanceStatus.values:
            raise TrainingError(_("Unknown attendance status."))
    changed = 0
    with transaction.atomic():
        registrations = {
            r.user_id: r
            for r in Registration.objects.select_for_update()
            .filter(
                session_id=part.session_id,
                user_id__in=wanted.keys(),
                status=RegistrationStatus.CONFIRMED,
            )
            .select_related("session", "user")
        }
        unknown = set(wanted) - set(registrations)
        if unknown:
            raise TrainingError(_("Only confirmed participants can be marked on the roster."))
        existing = {
            a.user_id: a
            for a in Attendance.objects.select_for_update().filter(
                part=part, user_id__in=wanted.keys()
            )
        }
        for user_id, value in wanted.items():
            attendance = existing.get(user_id)
            current = attendance.status if attendance else ""
            if value == current:
                continue
            if not value:
                assert attendance is not None
                attendance.delete()
            else:
                attendance = attendance or Attendance(part=part, user_id=user_id)
                attendance.status = value
                attendance.method = AttendanceMethod.ROSTER
                attendance.recorded_by = actor
                if value in ATTENDED_STATUSES and attendance.checked_in_at is None:
                    attendance.checked_in_at = now
                attendance.save()
            recompute_attendance(registrations[user_id])
            changed += 1
    return changed
