"""Registration: self and bulk registration, approval, capacity, the waiting list, cancelling.

Every change that can take or free a seat locks the session row first (select_for_update), so
two people can never take the last seat at once and a freed seat goes to exactly one person.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobs.dispatch import enqueue
from lib.text import fold
from people.models import StaffProfile, User
from people.roles import Role, has_role
from people.scope import scope_to
from training.access import can_register_staff
from training.errors import CancellationRefused, NotAllowed, RegistrationRefused
from training.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationBatch,
    RegistrationSource,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from training.signals import participation_changed, registration_changed


def local(value: datetime.datetime) -> str:
    """A time as learners read it: 13/11/2025 08:00 in Vietnam time."""
    return date_format(timezone.localtime(value), "d/m/Y H:i")


def is_invited(session: Session, user: User) -> bool:
    """Whether the session is open to `user`: everyone, their province, or their unit."""
    provinces = set(session.invited_provinces.values_list("pk", flat=True))
    units = set(session.invited_units.values_list("pk", flat=True))
    if not provinces and not units:
        return True
    profile = StaffProfile.objects.filter(user=user).select_related("unit").first()
    if profile is None:
        return False
    unit = profile.unit
    return (
        unit.province_id in provinces
        or unit.pk in units
        or (unit.parent_id is not None and unit.parent_id in units)
    )


def may_act_for(actor: User, person: User) -> bool:
    """Whether `actor` may register, approve or cancel for `person` (their scope)."""
    if has_role(actor, Role.MINISTRY_ADMIN):
        return True
    if not can_register_staff(actor):
        return False
    return scope_to(
        actor,
        StaffProfile.objects.filter(user=person),
        province="unit__province",
        person="user",
    ).exists()


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _seat_status(session: Session) -> RegistrationStatus:
    if session.capacity is None:
        return RegistrationStatus.CONFIRMED
    taken = Registration.objects.filter(
        session=session, status=RegistrationStatus.CONFIRMED
    ).count()
    return (
        RegistrationStatus.CONFIRMED
        if taken < session.capacity
        else (RegistrationStatus.WAITLISTED)
    )


def _notify(registration: Registration, previous: str, kind: str) -> None:
    """E-mail the person and tell higher apps, once the transaction commits."""
    from training.tasks import send_registration_email

    registration_id = registration.pk
    enqueue(send_registration_email, registration_id, kind)
    transaction.on_commit(
        lambda: registration_changed.send(
            sender=Registration, registration=registration, previous_status=previous
        )
    )


def _set_status(
    registration: Registration,
    status: RegistrationStatus,
    now: datetime.datetime,
    *,
    kind: str | None = None,
) -> None:
    previous = registration.status
    registration.status = status
    if status == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = now
    elif status == RegistrationStatus.WAITLISTED:
        registration.waitlisted_at = now
    elif status == RegistrationStatus.CANCELLED:
        registration.cancelled_at = now
    registration.save()
    participation_changed.send(
        sender=Registration, session_id=registration.session_id, user_id=registration.user_id
    )
    email_kind = (
        kind
        or {
            RegistrationStatus.CONFIRMED: "confirmed",
            RegistrationStatus.WAITLISTED: "waitlisted",
            RegistrationStatus.PENDING: "pending",
            RegistrationStatus.REJECTED: "rejected",
            RegistrationStatus.CANCELLED: "cancelled",
        }[status]
    )
    _notify(registration, previous, email_kind)


def _check_open(session: Session, now: datetime.datetime) -> None:
    if session.status != SessionStatus.OPEN:
        raise RegistrationRefused(_("This session is not open for registration."))
    if now > session.registration_deadline:
        raise RegistrationRefused(
            _("Registration closed on %(deadline)s.")
            % {"deadline": local(session.registration_deadline)}
        )


def _place(
    session: Session,
    user: User,
    *,
    by: User | None,
    approved: bool,
    now: datetime.datetime,
) -> tuple[Registration, bool]:
    """Create or revive the registration inside a locked session; return it and whether it
    changed. An active registration is returned unchanged."""
    registration = (
        Registration.objects.select_for_update().filter(session=session, user=user).first()
    )
    if registration is not None and registration.is_active:
        return registration, False
    if session.requires_approval and not approved:
        status = RegistrationStatus.PENDING
    else:
        status = _seat_status(session)
    if registration is None:
        registration = Registration(session=session, user=user)
    registration.source = (
        RegistrationSource.MANAGER if by is not None and by != user else RegistrationSource.SELF
    )
    registration.registered_by = by or user
    registration.decided_by = by if approved and session.requires_approval else None
    registration.cancelled_at = None
    _set_status(registration, status, now)
    return registration, True


def register(user: User, session: Session, *, now: datetime.datetime | None = None) -> Registration:
    """Register `user` for an open session; past capacity they join the waiting list.

    Registering again while registered returns the existing registration unchanged.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(session)
        _check_open(locked, now)
        if not is_invited(locked, user):
            raise RegistrationRefused(_("This session is not open to your province or unit."))
        registration, _changed = _place(locked, user, by=None, approved=False, now=now)
    return registration


@dataclass
class BulkRegistration:
    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0
    already: int = 0
    refused: list[str] = field(default_factory=list)
    batch: RegistrationBatch | None = None


def register_staff(
    actor: User,
    session: Session,
    people: Iterable[User],
    *,
    now: datetime.datetime | None = None,
) -> BulkRegistration:
    """Register staff in the actor's scope; a manager's registration counts as approval."""
    if not can_register_staff(actor):
        raise NotAllowed(_("Only ministry admins and province managers register staff."))
    now = now or timezone.now()
    result = BulkRegistration()
    people = list(people)
    allowed = set(
        scope_to(
            actor,
            StaffProfile.objects.filter(user__in=people, user__is_active=True),
            province="unit__province",
            person="user",
        ).values_list("user_id", flat=True)
    )
    with transaction.atomic():
        locked = _lock(session)
        _check_open(locked, now)
        existing = set(
            Registration.objects.filter(session=locked, user__in=people).values_list(
                "user_id", flat=True
            )
        )
        created: list[int] = []
        for person in people:
            if person.pk not in allowed or not is_invited(locked, person):
                result.refused.append(person.get_full_name())
                continue
            registration, changed = _place(locked, person, by=actor, approved=True, now=now)
            if changed and person.pk not in existing:
                created.append(registration.pk)
            if not changed:
                result.already += 1
            elif registration.status == RegistrationStatus.CONFIRMED:
                result.confirmed += 1
            elif registration.status == RegistrationStatus.WAITLISTED:
                result.waitlisted += 1
            else:
                result.pending += 1
        # Only the registrations made here belong to the batch that can be undone.
        if created:
            result.batch = RegistrationBatch.objects.create(
                session=locked, actor=actor, created_count=len(created)
            )
            Registration.objects.filter(pk__in=created).update(batch=result.batch)
    return result


def _promote(session: Session, now: datetime.datetime) -> list[Registration]:
    """Move people from the waiting list into free seats, first come first served."""
    promoted: list[Registration] = []
    if session.capacity is None:
        free = None
    else:
        taken = Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED
        ).count()
        free = session.capacity - taken
        if free <= 0:
            return promoted
    waiting = (
        Registration.objects.select_for_update()
        .filter(session=session, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlisted_at", "pk")
    )
    for registration in waiting[:free] if free is not None else waiting:
        _set_status(registration, RegistrationStatus.CONFIRMED, now, kind="promoted")
        promoted.append(registration)
    return promoted


def fill_seats(session_id: int, *, now: datetime.datetime | None = None) -> list[Registration]:
    """Promote from the waiting list into any free seat (e.g. after capacity was raised)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        if session.status not in (SessionStatus.OPEN, SessionStatus.CLOSED):
            return []
        return _promote(session, now)


def cancel_registration(
    actor: User, registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration and give the freed seat to the first person waiting.

    The learner may cancel until the registration deadline; a manager in scope until the
    session's first part starts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if actor.pk == registration.user_id:
            if now > session.registration_deadline:
                raise CancellationRefused(
                    _("Registrations can no longer be cancelled after %(deadline)s.")
                    % {"deadline": local(session.registration_deadline)}
                )
        elif may_act_for(actor, registration.user):
            first = session.parts.order_by("starts_at").first()
            if first is not None and now >= first.starts_at:
                raise CancellationRefused(_("The session has already started."))
        else:
            raise NotAllowed(_("You may not cancel this registration."))
        if not registration.is_active:
            raise CancellationRefused(_("This registration is not active."))
        held_seat = registration.status == RegistrationStatus.CONFIRMED
        _set_status(registration, RegistrationStatus.CANCELLED, now)
        if held_seat:
            _promote(session, now)
    return registration


def decide_registration(
    actor: User,
    registration: Registration,
    *,
    approve: bool,
    now: datetime.datetime | None = None,
) -> Registration:
    """Approve (a seat or the waiting list) or refuse a registration awaiting approval."""
    now = now or timezone.now()
    if not may_act_for(actor, registration.user):
        raise NotAllowed(_("You may not approve registrations for this person."))
    with transaction.atomic():
        session = _lock(registration.session)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            raise RegistrationRefused(_("This registration is not awaiting approval."))
        registration.decided_by = actor
        if approve:
            _set_status(registration, _seat_status(session), now)
        else:
            _set_status(registration, RegistrationStatus.REJECTED, now)
    return registration


def pending_for(actor: User, session: Session) -> list[Registration]:
    """Registrations awaiting approval that `actor` may decide."""
    if not can_register_staff(actor):
        return []
    return list(
        scope_to(
            actor,
            Registration.objects.filter(session=session, status=RegistrationStatus.PENDING),
            province="user__profile__unit__province",
            person="user",
        ).select_related("user__profile__unit")
    )


def staff_to_register(actor: User, session: Session, query: str = "") -> list[StaffProfile]:
    """Invited staff in the actor's scope who are not actively registered, for bulk registration."""
    if not can_register_staff(actor):
        return []
    profiles = scope_to(
        actor,
        StaffProfile.objects.filter(user__is_active=True).select_related("unit", "user"),
        province="unit__province",
        person="user",
    ).exclude(
        user_id__in=Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES).values(
            "user_id"
        )
    )
    provinces = list(session.invited_provinces.values_list("pk", flat=True))
    units = list(session.invited_units.values_list("pk", flat=True))
    if provinces or units:
        profiles = profiles.filter(
            Q(unit__province__in=provinces) | Q(unit__in=units) | Q(unit__parent__in=units)
        )
    for word in fold(query).split():
        profiles = profiles.filter(folded_name__contains=word)
    return list(profiles.order_by("unit__name", "folded_name")[:500])
