"""The four platform roles. Each is a Django group, so Wagtail's permissions attach to it."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from people.models import User


class Role(StrEnum):
    LEARNER = "Học viên"
    TRAINER = "Giảng viên"
    PROVINCE_MANAGER = "Quản lý tỉnh"
    MINISTRY_ADMIN = "Quản trị Bộ"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.LEARNER: _("Learner"),
    Role.TRAINER: _("Trainer"),
    Role.PROVINCE_MANAGER: _("Province manager"),
    Role.MINISTRY_ADMIN: _("Ministry admin"),
}


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    """Whether `user` holds `role`; a superuser holds the ministry admin role."""
    if not user.is_authenticated:
        return False
    if role is Role.MINISTRY_ADMIN and user.is_superuser:
        return True
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache  # type: ignore[union-attr,attr-defined]
    return role.value in cache
