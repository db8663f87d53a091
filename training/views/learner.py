"""Learner pages: upcoming sessions, a session, registering, the learner card, check-in."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from people.models import StaffProfile
from training import codes, selectors, services
from training.access import can_register_staff, can_run_sessions
from training.errors import TrainingError
from training.forms import CheckInForm
from training.models import RegistrationStatus
from training.views.common import acting_user


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "training/session_list.html",
        {
            "sessions": selectors.upcoming_sessions(user),
            "registrations": selectors.my_registrations(user)[:20],
        },
    )


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_for(user, pk)
    registration = selectors.registration_of(user, session)
    now = timezone.now()
    active = registration is not None and registration.is_active
    invited = services.is_invited(session, user)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "parts": selectors.parts_of(session),
            "registration": registration,
            "waitlist_position": selectors.waitlist_position(registration)
            if registration
            else None,
            "seats_taken": selectors.seats_taken(session),
            "can_register": session.registration_is_open(now) and not active and invited,
            "invited": invited,
            "can_cancel": active and now <= session.registration_deadline,
            "attendance": selectors.my_attendance(user, session) if registration else {},
            "is_runner": can_run_sessions(user),
            "is_manager": can_register_staff(user),
        },
    )


@require_POST
@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_for(user, pk)
    try:
        registration = services.register(user, session)
    except TrainingError as exc:
        messages.error(request, str(exc))
        return redirect("training:session_detail", pk=pk)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(
            request,
            _("You are registered. A confirmation e-mail with a calendar file is on its way."),
        )
    elif registration.status == RegistrationStatus.WAITLISTED:
        messages.success(
            request,
            _("The session is full: you are number %(position)s on the waiting list.")
            % {"position": selectors.waitlist_position(registration)},
        )
    else:
        messages.success(request, _("Your registration awaits approval."))
    return redirect("training:session_detail", pk=pk)


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_for(user, pk)
    registration = selectors.registration_of(user, session)
    if registration is None:
        raise Http404
    try:
        services.cancel_registration(user, registration)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("training:session_detail", pk=pk)


@never_cache
@login_required
def learner_card(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    value = codes.learner_card_value(user.pk)
    qr = segno.make(value, error="m")
    profile = StaffProfile.objects.filter(user=user).select_related("unit__province").first()
    return render(
        request,
        "training/learner_card.html",
        {
            "profile": profile,
            "qr_svg": qr.svg_inline(scale=6, border=2, svgclass="qr", title=user.get_full_name()),
            "qr_value": value,
        },
    )


@login_required
def check_in(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.check_in_with_code(user, form.cleaned_data["code"])
        except TrainingError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(
                request,
                _("Checked in to “%(part)s”: %(status)s.")
                % {"part": attendance.part.title, "status": attendance.get_status_display()},
            )
            return redirect("training:check_in")
    return render(request, "training/check_in.html", {"form": form})
