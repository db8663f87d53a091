"""Admin listing columns that read in Vietnamese where Wagtail would print True and False."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column


def yes_no(value: bool | None) -> str:
    """ "Có" / "Không" for a boolean, nothing for an unknown."""
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def yes_no_column(model: type[models.Model], name: str) -> Column:
    """A sortable column showing the boolean field `name` of `model` as yes or no."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)

    def value(instance: Any) -> str:
        return yes_no(getattr(instance, name))

    return Column(name, label=capfirst(str(field.verbose_name)), accessor=value, sort_key=name)
