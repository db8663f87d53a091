"""The assistant's page and its escalation form: parse, rate-limit, call a service, render."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assistant import services
from assistant.forms import EscalateForm
from courses.models import Field
from lib.client_address import client_address
from lib.params import id_param, text_param
from lib.rate_limit import over_limit
from people.models import User
from training.errors import TrainingError


def rate_limited(request: HttpRequest) -> bool:
    """One question counted for the person (or the address, signed out); True over the limit."""
    limit, window = settings.ASSISTANT_RATE
    who = f"user:{request.user.pk}" if request.user.is_authenticated else client_address(request)
    return over_limit(f"assistant:{who}", limit, window)


def _field(request: HttpRequest) -> Field | None:
    return Field.objects.filter(slug=text_param(request.GET.get("linh-vuc"), 60)).first()


def ask(request: HttpRequest) -> HttpResponse:
    field = _field(request)
    raw = request.GET.get("q")
    context: dict[str, object] = {
        "fields": Field.objects.all(),
        "selected_field": field,
        "query": text_param(raw, services.READ_LIMIT),
    }
    status = 200
    if raw is not None:
        if rate_limited(request):
            context["error"] = _("You have asked many questions in a short time. Wait a minute.")
            status = 429
        else:
            try:
                context["result"] = services.ask(
                    request.user, text_param(raw, services.READ_LIMIT), field=field
                )
            except services.QuestionRefused as exc:
                context["error"] = exc.message
                status = 400
    response = render(request, "assistant/ask.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(settings.ASSISTANT_RATE[1])
    return response


@login_required
def escalate(request: HttpRequest) -> HttpResponse:
    """The assistant's guess, prefilled, for the asker to check and send to the Q&A flow."""
    form = EscalateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.escalate(
                    cast(User, request.user),
                    data["text"],
                    field=data["field"],
                    task=data.get("task"),
                    log_id=data.get("log"),
                )
            except TrainingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Your question is sent. A moderator passes it to the responsible unit."),
                )
                return redirect(reverse("training:faq"))
        return render(request, "assistant/escalate.html", {"form": form}, status=400)
    try:
        draft = services.draft_escalation(
            text_param(request.GET.get("q"), services.READ_LIMIT), field=_field(request)
        )
    except services.QuestionRefused as exc:
        messages.error(request, exc.message)
        return redirect("assistant:ask")
    form = EscalateForm(
        initial={
            "text": draft.text,
            "field": draft.field,
            "task": draft.task,
            "log": id_param(request.GET.get("log")),
        }
    )
    return render(request, "assistant/escalate.html", {"form": form, "draft": draft})
