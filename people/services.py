"""State changes for people: creating and updating staff, and granting roles."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from lib.text import clean_text, fold
from people.models import StaffProfile, Unit, User
from people.roles import Role


class StaffError(Exception):
    """A staff record cannot be written as asked."""


@dataclass(frozen=True)
class StaffData:
    full_name: str
    unit: Unit
    email: str = ""
    staff_code: str = ""
    position: str = ""
    phone: str = ""
    username: str = ""
    # The staff import that creates the person, if one does (kept on the profile).
    source_import_id: int | None = None


def username_base(data: StaffData) -> str:
    """The user name a new account starts from (a number is added if it is taken)."""
    base = data.username or data.staff_code or data.email.split("@")[0] or fold(data.full_name)
    return re.sub(r"[^a-z0-9._-]+", ".", fold(base)).strip(".")[:140] or "hocvien"


def unique_username(base: str, reserved: Collection[str] = ()) -> str:
    """`base`, or `base2`, `base3`…: the first not stored nor `reserved` (lower case)."""
    candidate, n = base, 1
    while candidate.lower() in reserved or User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _username_for(data: StaffData) -> str:
    return unique_username(username_base(data))


def find_existing_staff(*, staff_code: str, email: str) -> StaffProfile | None:
    """The profile a staff record refers to: by staff code first, then by e-mail."""
    code = clean_text(staff_code).upper()
    if code:
        found = StaffProfile.objects.filter(staff_code=code).select_related("user").first()
        if found:
            return found
    address = clean_text(email).lower()
    if address:
        return (
            StaffProfile.objects.filter(user__email__iexact=address).select_related("user").first()
        )
    return None


@transaction.atomic
def upsert_staff(data: StaffData) -> tuple[StaffProfile, bool]:
    """Create the person, or update the one with the same staff code or e-mail.

    Returns the profile and whether it was created. New accounts get no usable password:
    the person sets one through the e-mailed password reset.
    """
    full_name = clean_text(data.full_name)
    if not full_name:
        raise StaffError("missing full name")
    email = clean_text(data.email).lower()
    profile = find_existing_staff(staff_code=data.staff_code, email=email)
    if profile is None:
        user = User(username=_username_for(data), email=email)
        user.set_unusable_password()
        user.save()
        profile = StaffProfile(user=user, source_import_id=data.source_import_id)
        created = True
    else:
        user = profile.user
        if email and user.email.lower() != email:
            if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
                raise StaffError("e-mail belongs to another person")
            user.email = email
            user.save(update_fields=["email"])
        created = False
    profile.full_name = full_name
    profile.unit = data.unit
    profile.position = data.position
    profile.phone = data.phone
    if data.staff_code:
        profile.staff_code = data.staff_code
    profile.save()
    grant_role(user, Role.LEARNER)
    return profile, created


def grant_role(user: User, role: Role) -> None:
    """Give `user` the role (idempotent)."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if hasattr(user, "_role_names"):
        del user._role_names


def revoke_role(user: User, role: Role) -> None:
    group = Group.objects.filter(name=role.value).first()
    if group:
        user.groups.remove(group)
    if hasattr(user, "_role_names"):
        del user._role_names
