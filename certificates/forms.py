"""Forms for verification and for managers' actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from certificates.models import JobKind, OverrideDecision
from courses.models import CoursePage
from lib.forms import IdChoiceField
from lib.text import clean_text
from people.models import Province, User
from people.scope import visible_provinces
from training.models import Session


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_("The 16 characters at the end of the address printed under the QR code."),
    )


class UploadForm(forms.Form):
    pdf = forms.FileField(
        label=_("Certificate PDF"),
        help_text=_("The file is only used to compute its fingerprint; it is not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_pdf(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["pdf"]
        limit = settings.CERTIFICATE_UPLOAD_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}
            )
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's history."),
    )

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Write the reason."))
        return reason


class DecisionForm(ReasonForm):
    person = IdChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=OverrideDecision.choices)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class WithdrawForm(ReasonForm):
    person = IdChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class BulkIssueForm(forms.Form):
    province = IdChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All provinces I manage"),
    )
    notify = forms.BooleanField(label=_("E-mail each holder"), required=False, initial=True)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = visible_provinces(actor)  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("File"),
        choices=[(JobKind.ZIP, _("ZIP of PDFs")), (JobKind.MERGED, _("One PDF for printing"))],
    )
    session = IdChoiceField(
        label=_("Training session"), queryset=Session.objects.all(), required=False
    )
    course = IdChoiceField(label=_("Course"), queryset=CoursePage.objects.all(), required=False)
    province = IdChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = visible_provinces(actor)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("session") or data.get("course") or data.get("province")):
            raise ValidationError(_("Choose a session, a course or a province."))
        return data
