"""Sign-in by username or e-mail address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from people.models import User


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
        identifier = username.strip()
        field = "email__iexact" if "@" in identifier else "username__iexact"
        user = User.objects.filter(**{field: identifier}).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal unknown accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
