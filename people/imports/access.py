"""Who may import staff, and into which province."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from people.models import User
from people.roles import Role, has_role
from people.scope import Reach, scope_of


class ImportNotAllowed(Exception):
    """The person may not import staff."""


@dataclass(frozen=True)
class ImportScope:
    """Where an import may put people: anywhere (province_id None) or one province."""

    province_id: int | None = None


def can_import_staff(viewer: User | AnonymousUser | None) -> bool:
    """Ministry admins, and province managers attached to a province, may import staff."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if has_role(viewer, Role.MINISTRY_ADMIN):
        return True
    return has_role(viewer, Role.PROVINCE_MANAGER) and scope_of(viewer).reach is Reach.PROVINCE


def import_scope(viewer: User | None) -> ImportScope:
    """Where `viewer` may import staff; None stands for the system itself (no restriction)."""
    if viewer is None:
        return ImportScope()
    if not can_import_staff(viewer):
        raise ImportNotAllowed
    scope = scope_of(viewer)
    return ImportScope(scope.province_id if scope.reach is Reach.PROVINCE else None)
