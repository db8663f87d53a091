"""The filters every report accepts, read from a query string.

A filter naming something that does not exist, or a malformed date, makes the form invalid;
the reports then show nothing rather than guess.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Field
from lib.forms import IdChoiceField
from lib.params import id_param
from people.models import Level
from training.models import Session

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
# The phone's own date picker; it submits ISO dates, and 13/11/2025 typed by hand also works.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Sessions pile up year after year: the dropdown offers this many of the latest (and the one
# chosen); any older session stays a valid filter by its id.
SESSION_OPTIONS = 50
LATEST_SESSIONS = Session.objects.order_by("-created_at").only("pk", "title")
LEVEL_CHOICES = [
    ("", _("All levels")),
    (Level.PROVINCE, _("Province")),
    (Level.COMMUNE, _("Commune")),
]


@dataclass(frozen=True)
class ReportFilters:
    field_id: int | None = None
    course_id: int | None = None
    session_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    level: str = ""

    @property
    def is_set(self) -> bool:
        return self != ReportFilters()

    def as_params(self) -> dict[str, str]:
        """The filters as query-string values, for links and replayed exports."""
        params = {
            "field": self.field_id,
            "course": self.course_id,
            "session": self.session_id,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "level": self.level or None,
        }
        return {key: str(value) for key, value in params.items() if value is not None}


class FilterForm(forms.Form):
    field = IdChoiceField(
        queryset=Field.objects.order_by("sort_order", "name"),
        required=False,
        label=_("Field"),
        empty_label=_("All fields"),
    )
    course = IdChoiceField(
        # Only what the options show: the reports' pages render this form every time.
        queryset=CoursePage.objects.order_by("title").only("pk", "title"),
        required=False,
        label=_("Course"),
        empty_label=_("All courses"),
    )
    session = IdChoiceField(
        queryset=LATEST_SESSIONS,
        required=False,
        label=_("Session"),
        empty_label=_("All sessions"),
    )
    start = forms.DateField(
        required=False, label=_("Enrolled from"), input_formats=DATE_INPUTS, widget=DATE_WIDGET
    )
    end = forms.DateField(
        required=False, label=_("Enrolled until"), input_formats=DATE_INPUTS, widget=DATE_WIDGET
    )
    level = forms.ChoiceField(choices=LEVEL_CHOICES, required=False, label=_("Unit level"))

    # The query string says "from" and "to"; Python keywords cannot name the fields.
    HTML_NAMES = {"start": "from", "end": "to"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(IdChoiceField, self.fields["session"])
        offered = list(LATEST_SESSIONS[:SESSION_OPTIONS])
        chosen = id_param(self.data.get("session"))
        if chosen is not None and chosen not in {session.pk for session in offered}:
            offered += list(LATEST_SESSIONS.filter(pk=chosen))
        field.widget.choices = [
            ("", field.empty_label),
            *((session.pk, field.label_from_instance(session)) for session in offered),
        ]

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix(self.HTML_NAMES.get(field_name, field_name))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filters(self) -> ReportFilters:
        """The valid filters; call only after is_valid()."""
        data = self.cleaned_data
        return ReportFilters(
            field_id=data["field"].pk if data.get("field") else None,
            course_id=data["course"].pk if data.get("course") else None,
            session_id=data["session"].pk if data.get("session") else None,
            start=data.get("start"),
            end=data.get("end"),
            level=data.get("level") or "",
        )


def read_filters(params: Any) -> tuple[FilterForm, ReportFilters | None]:
    """The bound form and its filters, or None when the filters are invalid."""
    form = FilterForm(params)
    return form, form.filters() if form.is_valid() else None
