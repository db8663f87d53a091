"""Password reset requests, throttled per client address and per account."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _
from wagtail.admin.views import account as wagtail_account

from lib.client_address import client_address
from lib.rate_limit import over_limit


def reset_allowed(address: str, email: str) -> bool:
    """Count one reset request; False once the address or the account is over its limit.

    The account is counted by its normalised e-mail address whether or not it exists, so the
    answer is the same for unknown addresses and accounts cannot be enumerated.
    """
    if over_limit(f"password-reset:address:{address}", *settings.PASSWORD_RESET_ADDRESS_RATE):
        return False
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return not over_limit(
        f"password-reset:account:{account}", *settings.PASSWORD_RESET_ACCOUNT_RATE
    )


class ThrottledResetMixin:
    """Send no reset e-mail once the client address or the account is over its limit."""

    def form_valid(self, form: Any) -> HttpResponse:
        if reset_allowed(client_address(self.request), form.cleaned_data["email"]):  # type: ignore[attr-defined]
            return super().form_valid(form)  # type: ignore[misc]
        form.add_error(
            None,
            _(
                "Too many password reset requests. No e-mail was sent; wait an hour and try "
                "again, or ask your unit's administrator."
            ),
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)  # type: ignore[attr-defined]


class PasswordResetView(ThrottledResetMixin, auth_views.PasswordResetView):
    """The site's reset page (/accounts/password_reset/)."""


class AdminPasswordResetView(ThrottledResetMixin, wagtail_account.PasswordResetView):
    """Wagtail's admin reset page (/admin/password_reset/), throttled the same way."""
