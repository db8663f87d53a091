"""Bulk registration by a manager: a preview before anything is written, and a same-day undo."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import StaffProfile, Unit, User
from people.scope import scope_to
from training.access import can_register_staff
from training.errors import NotAllowed, RegistrationRefused
from training.models import (
    ACTIVE_STATUSES,
    Attendance,
    Registration,
    RegistrationBatch,
    RegistrationStatus,
    Session,
)
from training.services.registration import fill_seats, is_invited


@dataclass(frozen=True)
class UnitCount:
    name: str
    is_commune: bool
    people: int


@dataclass(frozen=True)
class RegistrationPreview:
    """What `register_staff` would do with these people, before anything is written."""

    new: int
    already: int
    seats_left: int | None
    refused: list[str] = field(default_factory=list)
    units: list[UnitCount] = field(default_factory=list)

    @property
    def communes(self) -> int:
        return sum(1 for unit in self.units if unit.is_commune)

    @property
    def waitlisted(self) -> int:
        if self.seats_left is None:
            return 0
        return max(self.new - self.seats_left, 0)


def preview_staff_registration(
    actor: User, session: Session, people: Iterable[User]
) -> RegistrationPreview:
    """How many of `people` would be registered, in which units (communes marked); no write."""
    if not can_register_staff(actor):
        raise NotAllowed(_("Only ministry admins and province managers register staff."))
    people = list(people)
    allowed = set(
        scope_to(
            actor,
            StaffProfile.objects.filter(user__in=people, user__is_active=True),
            province="unit__province",
            person="user",
        ).values_list("user_id", flat=True)
    )
    active = set(
        Registration.objects.filter(
            session=session, user__in=people, status__in=ACTIVE_STATUSES
        ).values_list("user_id", flat=True)
    )
    refused = [p for p in people if p.pk not in allowed or not is_invited(session, p)]
    refused_ids = {p.pk for p in refused}
    new_ids = [p.pk for p in people if p.pk not in refused_ids and p.pk not in active]
    rows = (
        StaffProfile.objects.filter(user_id__in=new_ids)
        .values("unit__name", "unit__kind")
        .annotate(people=Count("user_id", distinct=True))
        .order_by("unit__name")
    )
    seats_left = None
    if session.capacity is not None:
        taken = Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED
        ).count()
        seats_left = max(session.capacity - taken, 0)
    return RegistrationPreview(
        new=len(new_ids),
        already=len([p for p in people if p.pk in active]),
        seats_left=seats_left,
        refused=[p.get_full_name() for p in refused],
        units=[
            UnitCount(row["unit__name"], row["unit__kind"] == Unit.Kind.COMMUNE, row["people"])
            for row in rows
        ],
    )


@dataclass(frozen=True)
class UndoneRegistrations:
    removed: int
    kept: int


def undo_bulk_registration(
    actor: User, batch: RegistrationBatch, *, now: datetime.datetime | None = None
) -> UndoneRegistrations:
    """Remove the registrations `batch` created that have no attendance yet; keep the others.

    Only the manager who made the batch may undo it, on the same day, once. Seats freed go to
    the waiting list as on any cancellation.
    """
    now = now or timezone.now()
    with transaction.atomic():
        batch = RegistrationBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.actor_id != actor.pk:
            raise RegistrationRefused(
                _("Only the manager who made this bulk registration can undo it.")
            )
        if batch.undone_at is not None:
            raise RegistrationRefused(_("This bulk registration has already been undone."))
        if not batch.can_be_undone_by(actor.pk, now):
            raise RegistrationRefused(
                _("A bulk registration can only be undone on the day it was made.")
            )
        session = Session.objects.select_for_update().get(pk=batch.session_id)
        made = batch.registrations.all()
        attended = Attendance.objects.filter(part__session=session).values("user_id")
        untouched = made.filter(attended_minutes=0).exclude(user_id__in=attended)
        removed = untouched.count()
        kept = made.count() - removed
        untouched.delete()
        batch.mark_undone(removed, now)
        fill_seats(session.pk, now=now)
    return UndoneRegistrations(removed=removed, kept=kept)
