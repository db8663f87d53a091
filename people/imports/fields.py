"""The row's own values: cleaned, then checked for presence, format and length.

Also gives back what Excel took from numbers stored as numbers (a phone's leading 0).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lib.text import clean_text
from people.imports.preview import PreviewRow
from people.imports.problems import RowError
from people.imports.read import FIELDS

MAX_LENGTHS = {"full_name": 150, "email": 254, "staff_code": 40, "position": 150, "phone": 30}

# Vietnamese numbers written without their leading 0: a mobile (9 digits) or a landline (10).
_ZEROLESS_PHONE = re.compile(r"[1-9]\d{8,9}")


def clean_values(raw: dict[str, str]) -> dict[str, str]:
    """The row's values in NFC with white space collapsed; codes upper-case, e-mails lower."""
    values = {name: clean_text(raw.get(name, "")) for name in FIELDS}
    values["staff_code"] = values["staff_code"].upper()
    values["email"] = values["email"].lower()
    return values


def check_fields(row: PreviewRow) -> None:
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


def check_numbers(row: PreviewRow, numeric: frozenset[str]) -> None:
    """Give back the leading 0 a phone number lost, and warn about numbers stored as numbers."""
    phone = row.values["phone"]
    if _ZEROLESS_PHONE.fullmatch(phone):
        row.values["phone"] = "0" + phone
        row.warnings.append(RowError("phone_lost_zero", {"value": phone, "fixed": "0" + phone}))
    if "staff_code" in numeric and row.values["staff_code"]:
        row.warnings.append(RowError("code_was_number", {"value": row.values["staff_code"]}))
