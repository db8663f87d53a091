"""Staff codes and e-mails: repeated within the file, or in conflict with the people stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models.functions import Lower

from people.imports.access import ImportScope
from people.imports.preview import Action, PreviewRow
from people.imports.problems import RowError
from people.models import StaffProfile, User

LOOKUP_CHUNK = 500


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


class StoredPeople:
    """The stored people the file's staff codes and e-mails refer to, fetched in a few queries."""

    def __init__(self, codes: Iterable[str], emails: Iterable[str]) -> None:
        self.by_code: dict[str, StaffProfile] = {}
        for chunk in _chunks(c for c in codes if c):
            for profile in StaffProfile.objects.filter(staff_code__in=chunk).select_related(
                "user", "unit"
            ):
                self.by_code[profile.staff_code] = profile
        self.by_email: dict[str, User] = {}
        for chunk in _chunks(e for e in emails if e):
            users = (
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=chunk)
                .select_related("profile__unit")
            )
            for user in users:
                self.by_email[user.email.lower()] = user


def check_duplicates(
    row: PreviewRow, seen_codes: dict[str, int], seen_emails: dict[str, int]
) -> None:
    for name, seen, code in (
        ("staff_code", seen_codes, "duplicate_code"),
        ("email", seen_emails, "duplicate_email"),
    ):
        value = row.values[name]
        if not value:
            continue
        if value in seen:
            row.errors.append(RowError(code, {"value": value, "row": seen[value]}))
        else:
            seen[value] = row.number


def check_person(row: PreviewRow, people: StoredPeople, scope: ImportScope) -> None:
    code, email = row.values["staff_code"], row.values["email"]
    person = people.by_code.get(code) if code else None
    owner = people.by_email.get(email) if email else None
    if person is not None:
        if owner is not None and owner.pk != person.user_id:
            row.errors.append(RowError("email_taken", {"value": email}))
    elif owner is not None:
        person = getattr(owner, "profile", None)
        if person is None:
            row.errors.append(RowError("email_taken", {"value": email}))
        elif code and person.staff_code and person.staff_code != code:
            row.errors.append(RowError("code_mismatch", {"value": email}))
    if person is None:
        return
    row.action = Action.UPDATE
    if scope.province_id is not None and person.unit.province_id != scope.province_id:
        row.errors.append(RowError("person_outside_province"))
