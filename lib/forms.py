"""Form fields for choices made by id: text that is no database id is a form error, not a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lib.params import id_param


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ModelChoiceField that refuses, as an invalid choice, a value no id column can hold."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not self.to_field_name and id_param(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A ModelMultipleChoiceField that refuses, value by value, what no id column can hold."""

    def _check_values(self, value: Any) -> Any:
        if not self.to_field_name:
            for pk in value:
                if id_param(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]
