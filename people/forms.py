from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lib.text import clean_text


class LoginForm(AuthenticationForm):
    """Sign in with a username or an e-mail address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username, e-mail or password is not correct. Repeated failures lock sign-in "
            "for 15 minutes."
        ),
    }

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        return clean_text(self.cleaned_data.get("username"))
