"""What can be wrong with a row (or is worth a warning): codes, parameters and messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from people.imports.read import FIELD_LABELS

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


@dataclass(frozen=True)
class RowError:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render_message(self.code, self.params)


def render_message(code: str, params: dict[str, Any]) -> str:
    """A row error in the active language."""
    values = dict(params)
    if "field" in values:
        values["field"] = FIELD_LABELS.get(values["field"], values["field"])
    return str(MESSAGES[code]) % values
