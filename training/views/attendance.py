"""Trainer pages for one part: the rotating code, the card scanner, the roster, online reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lib.params import text_param
from training import codes, selectors, services
from training.errors import AlreadyCheckedIn, TrainingError
from training.forms import ParticipantReportForm, ScanForm
from training.models import ATTENDED_STATUSES, AttendanceStatus, ParticipantImport
from training.services.participants import LAYOUT_LABELS
from training.views.common import acting_user, runner_required, wants_json


@never_cache
@runner_required
def code_display(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for(part_id)
    now = timezone.now()
    opens, closes = services.checkin_window(part)
    return render(
        request,
        "training/code_display.html",
        {
            "part": part,
            "session": part.session,
            "shown": codes.current_code(part.pk, now),
            "window_open": services.in_window(part, now),
            "opens": opens,
            "closes": closes,
            "checked_in": part.attendances.filter(status__in=ATTENDED_STATUSES).count(),
        },
    )


@never_cache
@runner_required
def code_json(request: HttpRequest, part_id: int) -> JsonResponse:
    part = selectors.part_for(part_id)
    now = timezone.now()
    shown = codes.current_code(part.pk, now)
    return JsonResponse(
        {
            "code": shown.code,
            "seconds_left": shown.seconds_left,
            "step_seconds": shown.step_seconds,
            "window_open": services.in_window(part, now),
            "checked_in": part.attendances.filter(status__in=ATTENDED_STATUSES).count(),
        }
    )


@never_cache
@runner_required
def scanner(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for(part_id)
    form = ScanForm(request.POST or None)
    result: dict[str, object] | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.check_in_by_card(
                    acting_user(request), part, form.cleaned_data["value"]
                )
            except AlreadyCheckedIn as exc:
                result = {"ok": False, "level": "warning", "message": str(exc)}
            except TrainingError as exc:
                result = {"ok": False, "level": "error", "message": str(exc)}
            else:
                profile = getattr(done.person, "profile", None)
                result = {
                    "ok": True,
                    "level": "ok",
                    "name": done.person.get_full_name(),
                    "unit": profile.unit.name if profile else "",
                    "status": done.attendance.get_status_display(),
                    "message": _("%(name)s: %(status)s.")
                    % {
                        "name": done.person.get_full_name(),
                        "status": done.attendance.get_status_display(),
                    },
                }
                form = ScanForm()
        else:
            result = {"ok": False, "level": "error", "message": _("Scan or type a card code.")}
        if wants_json(request):
            return JsonResponse(result, status=200 if result["ok"] else 422)
    return render(
        request,
        "training/scanner.html",
        {"part": part, "session": part.session, "form": form, "result": result},
    )


@runner_required
def roster(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for(part_id)
    if request.method == "POST":
        marks = {
            int(key.removeprefix("status-")): request.POST.get(key, "")
            for key in request.POST
            if key.startswith("status-") and key.removeprefix("status-").isdigit()
        }
        try:
            changed = services.mark_roster(acting_user(request), part, marks)
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(count)s marks saved.") % {"count": changed})
        return redirect("training:roster", part_id=part.pk)
    query = text_param(request.GET.get("q"))
    rows = selectors.roster(part, query=query)
    return render(
        request,
        "training/roster.html",
        {
            "part": part,
            "session": part.session,
            "rows": rows,
            "query": query,
            "statuses": AttendanceStatus.choices,
            "present_count": sum(1 for row in rows if row.attendance and row.attendance.attended),
            "walk_ins": part.attendances.filter(walk_in__isnull=False, user__isnull=True)
            .select_related("walk_in__unit")
            .order_by("walk_in__folded_name"),
        },
    )


@runner_required
def participant_import(request: HttpRequest, part_id: int) -> HttpResponse:
    part = selectors.part_for(part_id)
    form = ParticipantReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"min_minutes": part.online_minimum},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.preview_participant_report(
                acting_user(request),
                part,
                file_name=upload.name or "report.csv",
                data=upload.read(),
                min_minutes=form.cleaned_data.get("min_minutes"),
            )
        except TrainingError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("training:participant_preview", part_id=part.pk, job_id=job.pk)
    return render(
        request,
        "training/participant_import.html",
        {
            "part": part,
            "session": part.session,
            "form": form,
            "recent": part.participant_imports.all()[:10],
            "layouts": LAYOUT_LABELS,
        },
    )


@runner_required
def participant_preview(request: HttpRequest, part_id: int, job_id: int) -> HttpResponse:
    part = selectors.part_for(part_id)
    job = get_object_or_404(ParticipantImport, pk=job_id, part=part)
    if request.method == "POST":
        try:
            present = services.apply_participant_report(acting_user(request), job)
        except TrainingError as exc:
            messages.error(request, str(exc))
            return redirect("training:participant_preview", part_id=part.pk, job_id=job.pk)
        messages.success(
            request, _("Participant report applied: %(count)s present.") % {"count": present}
        )
        return redirect("training:roster", part_id=part.pk)
    unmatched = [
        {**row, "reason_text": services.unmatched_reason(row)}
        for row in job.result.get("unmatched", [])
    ]
    people = job.result.get("people", [])
    return render(
        request,
        "training/participant_preview.html",
        {
            "part": part,
            "session": part.session,
            "job": job,
            "layout": LAYOUT_LABELS.get(job.layout, job.layout),
            "people": people,
            "present_count": sum(1 for p in people if p["present"]),
            "unmatched": unmatched,
        },
    )
