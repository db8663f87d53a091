"""Wagtail admin permissions of the reports app, granted after every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from people.roles import Role

ADMIN_PERMISSIONS = [
    *(f"{action}_reminderrule" for action in ("add", "change", "delete", "view")),
    "view_coursefact",
]
MANAGER_PERMISSIONS = ["view_coursefact"]


def _grant(role: Role, codenames: list[str]) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
    )


def grant_report_permissions() -> None:
    """Ministry admins manage reminder rules; admins and province managers read the course
    results list, each within their scope (idempotent)."""
    _grant(Role.MINISTRY_ADMIN, ADMIN_PERMISSIONS)
    _grant(Role.PROVINCE_MANAGER, MANAGER_PERMISSIONS)
