"""Question-bank permissions of the trainer and ministry admin groups (run after migrate)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from people.roles import Role

BANK_MODELS = ["category", "question"]
BANK_PERMISSIONS = [
    f"{action}_{model}" for model in BANK_MODELS for action in ("add", "change", "delete", "view")
]


@transaction.atomic
def grant_bank_permissions() -> None:
    """Let trainers and ministry admins manage the question bank (idempotent)."""
    permissions = list(
        Permission.objects.filter(content_type__app_label="quizzes", codename__in=BANK_PERMISSIONS)
    )
    for role in (Role.TRAINER, Role.MINISTRY_ADMIN):
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.add(*permissions)
