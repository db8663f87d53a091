"""Sign-in by username or e-mail address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lib.text import clean_text
from people.models import User


def find_account(identifier: str | None) -> User | None:
    """The account a typed username or e-mail address names (any case, padded), or None."""
    typed = clean_text(identifier)
    if not typed:
        return None
    field = "email__iexact" if "@" in typed else "username__iexact"
    return User.objects.filter(**{field: typed}).order_by("pk").first()


class UsernameOrEmailBackend(ModelBackend):
    """Accept either the username or the e-mail address in the `username` field."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Spend the same time as a real check so timing does not reveal unknown accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
