"""Helpers shared by training views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from people.models import User
from training.access import can_register_staff, can_run_sessions

View = Callable[..., HttpResponse]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required."""
    return cast(User, request.user)


def runner_required(view: View) -> View:
    """Sign-in, then 403 for anyone who is not a trainer or a ministry admin."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_run_sessions(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(guarded)


def manager_required(view: View) -> View:
    """Sign-in, then 403 for anyone who is neither a ministry admin nor a province manager."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_register_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(guarded)


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
