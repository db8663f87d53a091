"""Pages for running a session and for managers: dashboard, bulk registration, approvals,
walk-ins and the session report."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.params import id_list, id_param, text_param
from lib.spreadsheets import XLSX_TYPE
from people.models import User
from training import selectors, services
from training.errors import TrainingError
from training.forms import LinkWalkInForm, WalkInForm
from training.models import Registration, RegistrationBatch, RegistrationStatus, WalkIn
from training.report import can_view_report, report_workbook, session_report
from training.views.common import acting_user, manager_required, runner_required


@runner_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    counts = Registration.objects.filter(session=session).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
    )
    return render(
        request,
        "training/run.html",
        {
            "session": session,
            "parts": selectors.parts_of(session),
            "counts": counts,
            "walk_in_count": session.walk_ins.count(),
            "can_view_report": can_view_report(request.user),
        },
    )


@manager_required
def bulk_register(request: HttpRequest, pk: int) -> HttpResponse:
    actor = acting_user(request)
    session = selectors.session_for(actor, pk)
    preview = None
    ids: list[int] = []
    if request.method == "POST":
        ids = id_list(request.POST.getlist("people"))
        if not ids:
            messages.error(request, _("Tick at least one person."))
            return redirect("training:bulk_register", pk=pk)
        people = User.objects.filter(pk__in=ids)
        if request.POST.get("confirmed") != "1":
            try:
                preview = services.preview_staff_registration(actor, session, people)
            except TrainingError as exc:
                messages.error(request, str(exc))
                return redirect("training:bulk_register", pk=pk)
    if request.method == "POST" and preview is None:
        try:
            result = services.register_staff(actor, session, people)
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "%(confirmed)s confirmed, %(waitlisted)s on the waiting list, "
                    "%(pending)s awaiting approval, %(already)s already registered."
                )
                % {
                    "confirmed": result.confirmed,
                    "waitlisted": result.waitlisted,
                    "pending": result.pending,
                    "already": result.already,
                },
            )
            if result.refused:
                messages.error(
                    request,
                    _("Not registered (outside your province or not invited): %(names)s")
                    % {"names": ", ".join(result.refused)},
                )
        return redirect("training:bulk_register", pk=pk)
    query = text_param(request.GET.get("q"))
    return render(
        request,
        "training/bulk_register.html",
        {
            "session": session,
            "staff": services.staff_to_register(actor, session, query),
            "query": query,
            "open": session.registration_is_open(),
            "preview": preview,
            "ticked": ids,
            "batches": selectors.undoable_registration_batches(actor, session),
        },
    )


@require_POST
@manager_required
def undo_bulk_register(request: HttpRequest, pk: int, batch_id: int) -> HttpResponse:
    """Remove what one bulk registration made, except for people already marked present."""
    actor = acting_user(request)
    batch = get_object_or_404(RegistrationBatch, pk=batch_id, session_id=pk)
    try:
        undone = services.undo_bulk_registration(actor, batch)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "%(removed)s registrations removed; %(kept)s kept because those people "
                "have attendance."
            )
            % {"removed": undone.removed, "kept": undone.kept},
        )
    return redirect("training:bulk_register", pk=pk)


@manager_required
def approvals(request: HttpRequest, pk: int) -> HttpResponse:
    actor = acting_user(request)
    session = selectors.session_for(actor, pk)
    if request.method == "POST":
        registration_id = id_param(request.POST.get("registration"))
        if registration_id is None:
            messages.error(request, _("Choose a registration from the list."))
            return redirect("training:approvals", pk=pk)
        registration = get_object_or_404(Registration, pk=registration_id, session=session)
        try:
            decided = services.decide_registration(
                actor, registration, approve=request.POST.get("decision") == "approve"
            )
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": decided.user.get_full_name(), "status": decided.get_status_display()},
            )
        return redirect("training:approvals", pk=pk)
    return render(
        request,
        "training/approvals.html",
        {"session": session, "pending": services.pending_for(actor, session)},
    )


@runner_required
def walk_ins(request: HttpRequest, pk: int) -> HttpResponse:
    actor = acting_user(request)
    session = selectors.session_for(actor, pk)
    form = WalkInForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            walk_in = services.record_walk_in(
                actor,
                session,
                full_name=form.cleaned_data["full_name"],
                parts=form.cleaned_data["parts"],
                unit=form.cleaned_data.get("unit"),
                unit_name=form.cleaned_data.get("unit_name", ""),
                email=form.cleaned_data.get("email", ""),
                phone=form.cleaned_data.get("phone", ""),
            )
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Walk-in recorded: %(name)s.") % {"name": walk_in})
            return redirect("training:walk_ins", pk=pk)
    rows = [
        {"walk_in": w, "candidates": [] if w.linked_user_id else selectors.walk_in_candidates(w)}
        for w in selectors.walk_ins_of(session)
    ]
    return render(
        request,
        "training/walk_ins.html",
        {"session": session, "form": form, "rows": rows, "link_form": LinkWalkInForm()},
    )


@require_POST
@runner_required
def link_walk_in(request: HttpRequest, pk: int, walk_in_id: int) -> HttpResponse:
    actor = acting_user(request)
    session = selectors.session_for(actor, pk)
    walk_in = get_object_or_404(WalkIn, pk=walk_in_id, session=session)
    form = LinkWalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the username or e-mail of the account."))
        return redirect("training:walk_ins", pk=pk)
    account = form.cleaned_data["account"].strip()
    person = User.objects.filter(Q(username__iexact=account) | Q(email__iexact=account)).first()
    if person is None:
        messages.error(request, _("No account has this username or e-mail."))
        return redirect("training:walk_ins", pk=pk)
    try:
        services.link_walk_in(actor, walk_in, person)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(walk_in)s is now linked to the account of %(name)s.")
            % {"walk_in": walk_in.full_name, "name": person.get_full_name()},
        )
    return redirect("training:walk_ins", pk=pk)


@manager_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = acting_user(request)
    session = selectors.session_for(viewer, pk)
    return render(
        request,
        "training/report.html",
        {"session": session, "report": session_report(viewer, session)},
    )


@manager_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = acting_user(request)
    session = selectors.session_for(viewer, pk)
    content = report_workbook(session_report(viewer, session))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-hoi-nghi-{session.pk}.xlsx"'
    return response
