"""The admin form of our pages: Wagtail's, plus the key of the opened form (see authoring.py)."""

from __future__ import annotations

import uuid

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

CREATE_FORM_KEY = "create_form_key"


class CoursePageAdminForm(WagtailAdminPageForm):
    # Not in any panel: Wagtail renders it as a hidden input after the panels.
    create_form_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
