"""Model permissions of the role groups for H5P, granted after every migrate (idempotent).

Who may upload and approve is decided by role in services (can_upload, can_approve); these
rows make the same rights visible in Wagtail's group editor.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from people.roles import Role

TRAINER_PERMISSIONS = ["add_h5pcontent", "view_h5pcontent", "view_h5plibrary"]
ADMIN_PERMISSIONS = [*TRAINER_PERMISSIONS, "change_h5pcontent", "change_h5plibrary"]


def ensure_permissions() -> None:
    for role, codenames in (
        (Role.TRAINER, TRAINER_PERMISSIONS),
        (Role.MINISTRY_ADMIN, ADMIN_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="h5p", codename__in=codenames)
        )
