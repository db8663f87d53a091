"""The escalation form: the question, its field and task, prefilled from the assistant's guess."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import DecentralisedTask, Field
from lib.forms import IdChoiceField


class EscalateForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    field = IdChoiceField(label=pgettext_lazy("S&T field", "Field"), queryset=Field.objects.all())
    task = IdChoiceField(
        label=_("Decentralised task (optional)"),
        queryset=DecentralisedTask.objects.select_related("field"),
        required=False,
    )
    log = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
