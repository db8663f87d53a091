"""Sign-in lockout (django-axes): failures count against the account, whatever was typed, and
separately against the client address.

Axes records each failure under the key `account_key` returns instead of the typed string, so
`bft1`, `BFT1`, ` bft1 ` and bft1's e-mail address share one counter. An identifier that names
no account is keyed on its normalised form (trimmed, lower case): it locks exactly as a real
account would, so the lockout never tells an attacker which accounts exist.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from lib.text import clean_text
from people.auth import find_account


def account_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The lockout key of the typed identifier: the account's username, else the typed text."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials is not None:
        typed = credentials.get(field)
    elif request is not None:
        typed = getattr(request, "data", request.POST).get(field)
    else:
        typed = None
    identifier = clean_text(typed)
    if not identifier:
        return None
    # Axes asks several times per request; resolve each identifier once.
    resolved: dict[str, str] = {}
    if request is not None:
        resolved = request.__dict__.setdefault("_lockout_keys", {})
    if identifier not in resolved:
        account = find_account(identifier)
        resolved[identifier] = account.get_username() if account else identifier.lower()
    return resolved[identifier]


class SignInLockoutHandler(AxesDatabaseHandler):
    """Lock the account after AXES_FAILURE_LIMIT failures, and the client address after
    SIGNIN_ADDRESS_FAILURE_LIMIT failures across any accounts (a password spray)."""

    @staticmethod
    def _failures(request: HttpRequest, **match: str | None) -> int:
        attempts = AccessAttempt.objects.filter(**match)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The account's failures, or the account limit once the address is over its own."""
        account = self._failures(request, username=get_client_username(request, credentials))
        address = self._failures(request, ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
        if address >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            return max(account, get_failure_limit(request, credentials))
        return account

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful sign-in forget that account's failures only: signing in to one's
        own account must not clear the address counter of a spray against others."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
