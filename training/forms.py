"""Forms for training pages; choices are limited to what the page is about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import DecentralisedTask, Field
from lib.forms import IdChoiceField, IdMultipleChoiceField
from lib.text import clean_text
from people.models import Unit
from training.models import Part, Session


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("The 6 digits shown on the trainer's screen."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "class": "code-input",
                "autofocus": True,
            }
        ),
    )


class ScanForm(forms.Form):
    value = forms.CharField(
        label=_("Learner card code"),
        max_length=200,
        help_text=_("Filled in by the camera; you can also type or paste it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )


class ParticipantReportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_("Exported from Zoom, Microsoft Teams or Google Meet."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )
    min_minutes = forms.IntegerField(
        label=_("Minimum minutes to count as present"),
        min_value=1,
        max_value=24 * 60,
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.TRAINING_PARTICIPANT_REPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": f"{limit / 1048576:g}"}
            )
        return upload


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    unit = IdChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("A ministry unit or a provincial Department; for a commune, write it below."),
    )
    unit_name = forms.CharField(label=_("Unit (as written)"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    parts = IdMultipleChoiceField(
        label=_("Parts attended"),
        queryset=Part.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.exclude(  # type: ignore[attr-defined]
            kind=Unit.Kind.COMMUNE
        ).select_related("province")
        self.fields["parts"].queryset = Part.objects.filter(  # type: ignore[attr-defined]
            session=session
        ).order_by("starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and not clean_text(data.get("unit_name")):
            raise forms.ValidationError(_("Choose the person's unit or write its name."))
        return data


class LinkWalkInForm(forms.Form):
    account = forms.CharField(
        label=_("Account (username or e-mail)"), max_length=254, widget=forms.TextInput()
    )


class QuestionForm(forms.Form):
    field = IdChoiceField(label=pgettext_lazy("S&T field", "Field"), queryset=Field.objects.none())
    task = IdChoiceField(
        label=_("Decentralised task (optional)"),
        queryset=DecentralisedTask.objects.none(),
        required=False,
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = session.fields.all()
        self.fields["field"].queryset = (  # type: ignore[attr-defined]
            fields if fields.exists() else Field.objects.all()
        )
        self.fields["task"].queryset = DecentralisedTask.objects.select_related(  # type: ignore[attr-defined]
            "field"
        )


class AskForm(forms.Form):
    """A question from the main Q&A page: a field, optionally a session and a task."""

    field = forms.ModelChoiceField(
        label=pgettext_lazy("S&T field", "Field"), queryset=Field.objects.all()
    )
    session = forms.ModelChoiceField(
        label=_("Training session (optional)"), queryset=Session.objects.none(), required=False
    )
    task = forms.ModelChoiceField(
        label=_("Decentralised task (optional)"),
        queryset=DecentralisedTask.objects.select_related("field"),
        required=False,
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    unit = IdChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.filter(kind__in=[Unit.Kind.MINISTRY, Unit.Kind.MINISTRY_UNIT]),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8})
    )
