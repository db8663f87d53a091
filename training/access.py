"""Who may run sessions, take attendance, moderate and answer questions."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from people.models import StaffProfile, Unit, User
from people.roles import Role, has_role


def can_run_sessions(user: User | AnonymousUser) -> bool:
    """Trainers and ministry admins take attendance, record walk-ins and host the Q&A."""
    return has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN)


def can_register_staff(user: User | AnonymousUser) -> bool:
    """Ministry admins and province managers register and approve staff in their scope."""
    return has_role(user, Role.MINISTRY_ADMIN) or has_role(user, Role.PROVINCE_MANAGER)


def can_moderate(user: User | AnonymousUser) -> bool:
    return can_run_sessions(user)


def unit_of(user: User | AnonymousUser) -> Unit | None:
    if not user.is_authenticated:
        return None
    profile = StaffProfile.objects.filter(user=user).select_related("unit").first()
    return profile.unit if profile else None


def can_answer_for(user: User | AnonymousUser, unit: Unit | None) -> bool:
    """A ministry admin answers for any unit; a trainer for the unit they work in."""
    if has_role(user, Role.MINISTRY_ADMIN):
        return True
    if unit is None or not has_role(user, Role.TRAINER):
        return False
    own = unit_of(user)
    return own is not None and own.pk == unit.pk
