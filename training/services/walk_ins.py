"""Walk-ins: people who came without registering, recorded by name and unit, linked later."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.text import clean_text
from people.models import Unit, User
from training.access import can_run_sessions
from training.errors import NotAllowed, TrainingError
from training.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Part,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Session,
    WalkIn,
)
from training.services.attendance import recompute_attendance


def record_walk_in(
    actor: User,
    session: Session,
    *,
    full_name: str,
    parts: Iterable[Part],
    unit: Unit | None = None,
    unit_name: str = "",
    email: str = "",
    phone: str = "",
) -> WalkIn:
    """Record someone who came without registering, present at the given parts."""
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins record walk-ins."))
    full_name = clean_text(full_name)
    if not full_name:
        raise TrainingError(_("Enter the person's full name."))
    if unit is None and not clean_text(unit_name):
        raise TrainingError(_("Choose the person's unit or write its name."))
    chosen = list(parts)
    if not chosen:
        raise TrainingError(_("Choose at least one part the person attended."))
    if any(part.session_id != session.pk for part in chosen):
        raise TrainingError(_("A part of another session was chosen."))
    with transaction.atomic():
        walk_in = WalkIn.objects.create(
            session=session,
            full_name=full_name,
            unit=unit,
            unit_name="" if unit else unit_name,
            email=email,
            phone=phone,
            recorded_by=actor,
        )
        now = timezone.now()
        for part in chosen:
            Attendance.objects.create(
                part=part,
                walk_in=walk_in,
                status=AttendanceStatus.PRESENT,
                method=AttendanceMethod.WALK_IN,
                checked_in_at=now,
                recorded_by=actor,
            )
    return walk_in


def link_walk_in(actor: User, walk_in: WalkIn, person: User) -> Registration:
    """Attach a walk-in's attendance to an account, registering the person (confirmed)."""
    if not can_run_sessions(actor):
        raise NotAllowed(_("Only trainers and ministry admins link walk-ins."))
    if not person.is_active:
        raise TrainingError(_("This account is not active."))
    now = timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=walk_in.session_id)
        walk_in = WalkIn.objects.select_for_update().get(pk=walk_in.pk)
        if walk_in.linked_user_id is not None:
            raise TrainingError(
                _("This walk-in is already linked to %(name)s.")
                % {"name": walk_in.linked_user.get_full_name() if walk_in.linked_user else ""}
            )
        registration = (
            Registration.objects.select_for_update().filter(session=session, user=person).first()
        )
        if registration is None:
            registration = Registration(
                session=session,
                user=person,
                source=RegistrationSource.WALK_IN,
                registered_by=actor,
            )
        if registration.status != RegistrationStatus.CONFIRMED:
            # They were there: attendance is a fact, capacity no longer matters.
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.cancelled_at = None
            registration.save()
        own = {a.part_id: a for a in Attendance.objects.filter(part__session=session, user=person)}
        for attendance in Attendance.objects.select_for_update().filter(walk_in=walk_in):
            mine = own.get(attendance.part_id)
            if mine is None:
                attendance.user = person
                attendance.save(update_fields=["user", "updated_at"])
            elif not mine.attended:
                mine.status = attendance.status
                mine.method = attendance.method
                mine.checked_in_at = attendance.checked_in_at
                mine.save()
                attendance.delete()
            else:
                attendance.delete()
        walk_in.linked_user = person
        walk_in.linked_at = now
        walk_in.save(update_fields=["linked_user", "linked_at"])
        recompute_attendance(registration)
    return registration
