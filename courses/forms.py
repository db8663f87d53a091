from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from lib.forms import IdChoiceField
from people.models import Province, Unit, User
from people.roles import ROLE_LABELS, Role
from people.scope import visible_provinces


class BulkEnrolForm(forms.Form):
    """Choose a published course and a group of staff; choices are limited to the actor's scope."""

    course = IdChoiceField(queryset=CoursePage.objects.none(), label=_("Course"))
    province = IdChoiceField(queryset=Province.objects.none(), required=False, label=_("Province"))
    unit = IdChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    role = forms.ChoiceField(required=False, label=_("Role"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = visible_provinces(actor)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")  # type: ignore[attr-defined]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            province__in=provinces
        ).select_related("province")
        self.fields["role"].choices = [("", _("All roles"))] + [  # type: ignore[attr-defined]
            (role.value, ROLE_LABELS[role]) for role in Role
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("province") and not data.get("unit") and not data.get("role"):
            raise forms.ValidationError(_("Choose a province, a unit or a role."))
        return data

    @property
    def role_value(self) -> Role | None:
        value = self.cleaned_data.get("role")
        return Role(value) if value else None
