"""Vietnamese first: the interface language comes from the user's choice, never the browser."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    """Activate the language picked with the switcher (a cookie), else Vietnamese.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones here
    are set to English; staff expect the platform in Vietnamese until they choose otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Send the Content-Security-Policy and Permissions-Policy of settings on every response:
    the strict site policy, or the admin's under ADMIN_PREFIX (see settings).

    setdefault: a view that sends its own policy (the sandboxed H5P player) keeps it.
    """

    ADMIN_PREFIX = "/admin/"  # config/urls.py mounts Wagtail's admin here

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.site_policy = policy_header(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = policy_header(settings.ADMIN_CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path_info.startswith(self.ADMIN_PREFIX)
        policy = self.admin_policy if admin else self.site_policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def policy_header(directives: dict[str, list[str]]) -> str:
    """`{"img-src": ["'self'", "data:"]}` as `img-src 'self' data:`."""
    return "; ".join(
        " ".join([name, *dict.fromkeys(sources)]) for name, sources in directives.items()
    )
