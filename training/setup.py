"""Wagtail admin permissions for sessions, granted to the trainer and ministry admin roles."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from people.roles import Role

TRAINER_PERMISSIONS = ["add_session", "change_session", "view_session"]
ADMIN_PERMISSIONS = [*TRAINER_PERMISSIONS, "delete_session"]


def grant_session_permissions() -> None:
    """Give each role its permissions on sessions (idempotent)."""
    for role, codenames in (
        (Role.TRAINER, TRAINER_PERMISSIONS),
        (Role.MINISTRY_ADMIN, ADMIN_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="training", codename__in=codenames)
        )
