"""Tell the person when their saved request waits for the background service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from jobs.dispatch import undelivered


class UndeliveredTaskMiddleware:
    """After a request whose tasks could not reach the broker, add one clear message.

    Placed after MessageMiddleware, so the message is stored with the response and shown on
    the next page (the page a form redirects to).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = undelivered.set([])
        try:
            response = self.get_response(request)
            if undelivered.get() and hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _(
                        "Your request is saved, but the background service cannot be reached "
                        "right now. It will be processed automatically as soon as the service "
                        "is back; you do not need to do it again."
                    ),
                )
        finally:
            undelivered.reset(token)
        return response
