"""Checking each row of a staff list against the organisation and the people already stored.

The result is a `Preview`: for every row its number in the file, the cleaned values, whether it
would create or update a person, and the reasons it cannot be imported. Nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lib.text import clean_text, fold
from people.imports.read import FIELD_LABELS, FIELDS, SourceTable
from people.models import Province, StaffProfile, Unit, User
from people.organisation import FORMER_PROVINCES, FORMER_SPELLINGS
from people.roles import Role, has_role
from people.scope import Reach, scope_of

MAX_LENGTHS = {"full_name": 150, "email": 254, "staff_code": 40, "position": 150, "phone": 30}
LOOKUP_CHUNK = 500

MESSAGES = {
    "missing_name": _("Full name is missing."),
    "too_long": _("%(field)s is longer than %(limit)s characters."),
    "missing_identity": _("Give a staff code or an e-mail address."),
    "bad_email": _("“%(value)s” is not a valid e-mail address."),
    "missing_place": _("Give a province or a unit."),
    "unknown_province": _("Unknown province “%(value)s”."),
    "unknown_unit": _("Unknown unit “%(value)s” in %(province)s."),
    "unknown_unit_anywhere": _("Unknown unit “%(value)s”; check the name or give the province."),
    "ambiguous_unit": _("Several units are called “%(value)s”; give the province."),
    "no_department": _("%(province)s has no Department of Science and Technology; give the unit."),
    "outside_province": _("“%(value)s” is outside your province."),
    "person_outside_province": _("This person works in a unit outside your province."),
    "duplicate_code": _("Staff code %(value)s already appears in row %(row)s."),
    "duplicate_email": _("E-mail %(value)s already appears in row %(row)s."),
    "email_taken": _("E-mail %(value)s belongs to another person."),
    "code_mismatch": _("E-mail %(value)s belongs to a person with another staff code."),
    "unit_gone": _("The unit no longer exists."),
    "apply_failed": _("Could not be saved: %(detail)s"),
    "conflict": _("Conflicts with a person saved since the preview."),
    # Warnings: the row is imported, but the person who uploaded it should look at it.
    "former_province": _(
        "“%(value)s” is a province name from before 1/7/2025; it is now part of %(province)s."
    ),
    "phone_lost_zero": _(
        "The phone number %(value)s lost its leading 0 (Excel stored it as a number); "
        "it is read as %(fixed)s. Format the column as text."
    ),
    "code_was_number": _(
        "Staff code %(value)s was stored as a number: a leading 0 it had is lost. "
        "Format the column as text."
    ),
}

# "Tỉnh Quảng Trị", "Thành phố Hà Nội", "TP. Hồ Chí Minh" all name the province itself.
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|t p)\s+")
_PROVINCE_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh"}
# Ways of writing "the Sở KH&CN of this province".
_DEPARTMENT_KEYS = ("so khoa hoc va cong nghe", "so kh cn", "so khcn")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Vietnamese numbers written without their leading 0: a mobile (9 digits) or a landline (10).
_ZEROLESS_PHONE = re.compile(r"[1-9]\d{8,9}")


class ImportNotAllowed(Exception):
    """The person may not import staff."""


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ERROR = "error"


@dataclass(frozen=True)
class ImportScope:
    """Where an import may put people: anywhere (province_id None) or one province."""

    province_id: int | None = None


@dataclass(frozen=True)
class RowError:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render_message(self.code, self.params)


@dataclass
class PreviewRow:
    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    action: Action = Action.CREATE
    warnings: list[RowError] = field(default_factory=list)
    unit_id: int | None = None
    unit_name: str = ""
    province_name: str = ""

    @property
    def is_valid(self) -> bool:
        return self.action is not Action.ERROR

    @property
    def messages(self) -> list[str]:
        return [error.message for error in self.errors]

    @property
    def warning_messages(self) -> list[str]:
        return [warning.message for warning in self.warnings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "values": self.values,
            "errors": [{"code": e.code, "params": e.params} for e in self.errors],
            "warnings": [{"code": w.code, "params": w.params} for w in self.warnings],
            "action": self.action.value,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "province_name": self.province_name,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreviewRow:
        return cls(
            number=data["number"],
            values=data["values"],
            errors=[RowError(e["code"], e.get("params", {})) for e in data["errors"]],
            warnings=[RowError(w["code"], w.get("params", {})) for w in data.get("warnings", [])],
            action=Action(data["action"]),
            unit_id=data["unit_id"],
            unit_name=data["unit_name"],
            province_name=data["province_name"],
        )


@dataclass
class Preview:
    rows: list[PreviewRow]
    columns: tuple[str, ...] = ()
    province_id: int | None = None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.is_valid]

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action is action)

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "province_id": self.province_id,
            "rows": [row.to_dict() for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preview:
        return cls(
            rows=[PreviewRow.from_dict(row) for row in data.get("rows", [])],
            columns=tuple(data.get("columns", ())),
            province_id=data.get("province_id"),
        )


def render_message(code: str, params: dict[str, Any]) -> str:
    """A row error in the active language."""
    values = dict(params)
    if "field" in values:
        values["field"] = FIELD_LABELS.get(values["field"], values["field"])
    return str(MESSAGES[code]) % values


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


def unit_key(value: str) -> str:
    """The comparable form of a unit or province name: accent-folded, punctuation as spaces."""
    return _NON_WORD.sub(" ", fold(value)).strip()


def province_key(value: str) -> str:
    key = _PROVINCE_PREFIX.sub("", unit_key(value))
    return _PROVINCE_ALIASES.get(key.replace(" ", ""), key)


def clean_values(raw: dict[str, str]) -> dict[str, str]:
    """The row's values in NFC with white space collapsed; codes upper-case, e-mails lower."""
    values = {name: clean_text(raw.get(name, "")) for name in FIELDS}
    values["staff_code"] = values["staff_code"].upper()
    values["email"] = values["email"].lower()
    return values


class _Organisation:
    """Provinces and units, indexed once per preview so each row is matched without a query."""

    def __init__(self) -> None:
        self.provinces: dict[str, Province] = {}
        for province in Province.objects.all():
            self.provinces[province_key(province.name)] = province
            self.provinces[province.code] = province
        current = {province_key(name): name for name in FORMER_PROVINCES.values()}
        self.former: dict[str, Province] = {}
        for spelling, name in [*FORMER_PROVINCES.items(), *FORMER_SPELLINGS.items()]:
            successor = FORMER_PROVINCES.get(name, name)
            found = self.provinces.get(province_key(successor))
            if found is not None and province_key(spelling) not in current:
                self.former[province_key(spelling)] = found
        self.by_name: dict[tuple[int | None, str], list[Unit]] = {}
        self.by_code: dict[str, Unit] = {}
        self.departments: dict[int, Unit] = {}
        for unit in Unit.objects.select_related("province"):
            self.by_name.setdefault((unit.province_id, unit_key(unit.name)), []).append(unit)
            self.by_code[unit.code] = unit
            if unit.kind == Unit.Kind.DEPARTMENT and unit.province_id is not None:
                self.departments.setdefault(unit.province_id, unit)
        self.anywhere: dict[str, list[Unit]] = {}
        for (_province_id, key), units in self.by_name.items():
            self.anywhere.setdefault(key, []).extend(units)

    def province(self, value: str) -> Province | None:
        return self.provinces.get(province_key(value)) or self.provinces.get(value.lower())

    def former_province(self, value: str) -> Province | None:
        """The province a name from before 1/7/2025 (the 63) is part of now."""
        return self.former.get(province_key(value))

    def unit_in(self, province: Province, value: str) -> list[Unit]:
        key = unit_key(value)
        department = self.departments.get(province.pk)
        if department is not None and self._names_department(key, province):
            return [department]
        found = self.by_name.get((province.pk, key), [])
        if not found:
            unit = self.by_code.get(value.lower())
            found = [unit] if unit is not None and unit.province_id == province.pk else []
        return found

    def ministry_unit(self, value: str) -> list[Unit]:
        found = self.by_name.get((None, unit_key(value)), [])
        if not found:
            unit = self.by_code.get(value.lower())
            found = [unit] if unit is not None and unit.province_id is None else []
        return found or self.anywhere.get(unit_key(value), [])

    def _names_department(self, key: str, province: Province) -> bool:
        """Whether `key` names the province's Sở, also by a former province merged into it."""
        for prefix in _DEPARTMENT_KEYS:
            if key == prefix:
                return True
            if key.startswith(prefix + " "):
                named = province_key(key[len(prefix) + 1 :])
                former = self.former.get(named)
                return named == province_key(province.name) or (
                    former is not None and former.pk == province.pk
                )
        return False


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


class _People:
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


def preview_table(table: SourceTable, scope: ImportScope) -> Preview:
    """Check every row of `table` for an import limited to `scope`."""
    organisation = _Organisation()
    cleaned = [(row.number, clean_values(row.values)) for row in table.rows]
    source_numeric = {row.number: row.numeric for row in table.rows}
    people = _People((v["staff_code"] for _, v in cleaned), (v["email"] for _, v in cleaned))
    seen_codes: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    rows = []
    for number, values in cleaned:
        row = PreviewRow(number=number, values=values)
        _check_fields(row)
        _check_numbers(row, source_numeric[number])
        _check_place(row, organisation, scope)
        _check_duplicates(row, seen_codes, seen_emails)
        _check_person(row, people, scope)
        if row.errors:
            row.action = Action.ERROR
        rows.append(row)
    return Preview(rows=rows, columns=table.columns, province_id=scope.province_id)


def _check_fields(row: PreviewRow) -> None:
    values = row.values
    if not values["full_name"]:
        row.errors.append(RowError("missing_name"))
    if not values["staff_code"] and not values["email"]:
        row.errors.append(RowError("missing_identity"))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            row.errors.append(RowError("bad_email", {"value": values["email"]}))
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            row.errors.append(RowError("too_long", {"field": name, "limit": limit}))


def _check_numbers(row: PreviewRow, numeric: frozenset[str]) -> None:
    """Give back the leading 0 a phone number lost, and warn about numbers stored as numbers."""
    phone = row.values["phone"]
    if _ZEROLESS_PHONE.fullmatch(phone):
        row.values["phone"] = "0" + phone
        row.warnings.append(RowError("phone_lost_zero", {"value": phone, "fixed": "0" + phone}))
    if "staff_code" in numeric and row.values["staff_code"]:
        row.warnings.append(RowError("code_was_number", {"value": row.values["staff_code"]}))


def _check_place(row: PreviewRow, organisation: _Organisation, scope: ImportScope) -> None:
    province_value, unit_value = row.values["province"], row.values["unit"]
    if not province_value and not unit_value:
        if scope.province_id is None:
            row.errors.append(RowError("missing_place"))
            return
        province_value = next(
            (p.name for p in organisation.provinces.values() if p.pk == scope.province_id), ""
        )
    province = None
    if province_value:
        province = organisation.province(province_value)
        if province is None:
            province = organisation.former_province(province_value)
            if province is not None:
                row.warnings.append(
                    RowError(
                        "former_province", {"value": province_value, "province": province.full_name}
                    )
                )
        if province is None:
            row.errors.append(RowError("unknown_province", {"value": province_value}))
            return
        row.province_name = province.name
        if scope.province_id is not None and province.pk != scope.province_id:
            row.errors.append(RowError("outside_province", {"value": province.full_name}))
            return
    units = _match_units(row, organisation, province, scope)
    if len(units) != 1:
        return
    unit = units[0]
    row.unit_id, row.unit_name = unit.pk, unit.name
    row.province_name = unit.province.name if unit.province else ""
    if scope.province_id is not None and unit.province_id != scope.province_id:
        row.errors.append(RowError("outside_province", {"value": unit.name}))


def _match_units(
    row: PreviewRow, organisation: _Organisation, province: Province | None, scope: ImportScope
) -> list[Unit]:
    unit_value = row.values["unit"]
    if province is not None and not unit_value:
        department = organisation.departments.get(province.pk)
        if department is None:
            row.errors.append(RowError("no_department", {"province": province.full_name}))
            return []
        return [department]
    if province is not None:
        units = organisation.unit_in(province, unit_value)
        if not units:
            row.errors.append(
                RowError("unknown_unit", {"value": unit_value, "province": province.full_name})
            )
        return units
    if scope.province_id is not None:
        own = next(p for p in organisation.provinces.values() if p.pk == scope.province_id)
        units = organisation.unit_in(own, unit_value)
        if units:
            return units
    units = organisation.ministry_unit(unit_value)
    if not units:
        row.errors.append(RowError("unknown_unit_anywhere", {"value": unit_value}))
    elif len(units) > 1:
        row.errors.append(RowError("ambiguous_unit", {"value": unit_value}))
    return units


def _check_duplicates(
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


def _check_person(row: PreviewRow, people: _People, scope: ImportScope) -> None:
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
