"""The one place where what a viewer may see is decided.

A ministry admin sees everything; a province manager sees their own province; anyone else
sees only their own records. Every selector that returns people-related rows goes through
`scope_to`, naming the lookup paths from its model to the province and to the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from people.models import Province, StaffProfile, User
from people.roles import Role, has_role

M = TypeVar("M", bound=Model)


class Reach(Enum):
    ALL = "all"
    PROVINCE = "province"
    SELF = "self"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Scope:
    reach: Reach
    province_id: int | None = None
    user_id: int | None = None


def scope_of(viewer: User | AnonymousUser) -> Scope:
    """What `viewer` may see; worked out once per user object (a request's user), as roles are."""
    if not viewer.is_authenticated:
        return Scope(Reach.NOTHING)
    cached = getattr(viewer, "_scope", None)
    if cached is None:
        cached = _scope_of(viewer)
        viewer._scope = cached  # type: ignore[attr-defined]
    return cached


def _scope_of(viewer: User) -> Scope:
    if has_role(viewer, Role.MINISTRY_ADMIN):
        return Scope(Reach.ALL)
    if has_role(viewer, Role.PROVINCE_MANAGER):
        province_id = (
            StaffProfile.objects.filter(user=viewer)
            .values_list("unit__province_id", flat=True)
            .first()
        )
        if province_id is not None:
            return Scope(Reach.PROVINCE, province_id=province_id, user_id=viewer.pk)
    return Scope(Reach.SELF, user_id=viewer.pk)


def scope_to(
    viewer: User | AnonymousUser,
    queryset: QuerySet[M],
    *,
    province: str,
    person: str,
) -> QuerySet[M]:
    """Narrow `queryset` to what `viewer` may see.

    `province` is the lookup from the model to its Province (e.g. "user__profile__unit__province"),
    `person` the lookup to its User (e.g. "user").
    """
    scope = scope_of(viewer)
    if scope.reach is Reach.ALL:
        return queryset
    if scope.reach is Reach.PROVINCE:
        return queryset.filter(**{f"{province}_id": scope.province_id})
    if scope.reach is Reach.SELF:
        return queryset.filter(**{f"{person}_id": scope.user_id})
    return queryset.none()


def visible_provinces(viewer: User | AnonymousUser) -> QuerySet[Province]:
    """Provinces `viewer` may report on or act for: all, their own, or none."""
    scope = scope_of(viewer)
    if scope.reach is Reach.ALL:
        return Province.objects.all()
    if scope.reach is Reach.PROVINCE and scope.province_id is not None:
        return Province.objects.filter(pk=scope.province_id)
    return Province.objects.none()
