"""Manager pages: rules and who is eligible, bulk issue with progress, revoke, exports."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import codes, selectors, services
from certificates.eligibility import people_for, standings
from certificates.errors import CertificateError
from certificates.forms import BulkIssueForm, DecisionForm, ExportForm, ReasonForm, WithdrawForm
from certificates.models import CertificateJob, CertificateRule, JobStatus, OverrideDecision
from certificates.targets import Target, rule_for
from lib.params import text_param
from training.models import Session

View = Callable[..., HttpResponseBase]
PER_PAGE = 50


def manager_required(view: View) -> View:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not services.can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@manager_required
def index(request: HttpRequest) -> HttpResponse:
    query = text_param(request.GET.get("q"))
    found = selectors.search_certificates(request.user, query)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "certificates/manage/index.html",
        {
            "query": query,
            "page": page,
            "rules": selectors.rules()[:50],
            "sessions": Session.objects.order_by("-registration_deadline")[:30],
            "jobs": selectors.visible_jobs(request.user)[:10],
            "export_form": ExportForm(actor=request.user),  # type: ignore[arg-type]
        },
    )


@manager_required
def session_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's rule (created on demand from the session's own settings)."""
    session = get_object_or_404(Session, pk=pk)
    rule = rule_for(Target(session=session), create=True)
    assert rule is not None
    return redirect("certificates:manage_rule", pk=rule.pk)


def _confirm_issue(
    request: HttpRequest,
    *,
    person: Any,
    achievement: str,
    reason: str,
    carry: list[tuple[str, object]],
    back_url: str,
) -> HttpResponse | None:
    """The page asking to confirm a numbered certificate by hand, or None once confirmed."""
    if request.POST.get("confirmed") == "1":
        return None
    return render(
        request,
        "certificates/manage/confirm_issue.html",
        {
            "person": person,
            "achievement": achievement,
            "reason": reason,
            "pattern": settings.CERTIFICATE_SERIAL_PATTERN,
            "expected": codes.expected_serial(timezone.localdate().year),
            "carry": carry,
            "back_url": back_url,
        },
    )


def _rule_context(request: HttpRequest, rule: CertificateRule) -> dict[str, Any]:
    people = list(people_for(rule, request.user))
    rows = standings(rule, people)
    groups: dict[str, list[Any]] = {"eligible": [], "missing": [], "blocked": [], "held": []}
    for row in rows:
        groups[row.state].append(row)
    return {
        "rule": rule,
        "groups": groups,
        "eligible_count": len(groups["eligible"]),
        "issue_form": BulkIssueForm(actor=request.user),  # type: ignore[arg-type]
    }


@manager_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is eligible now, what the others miss; issue to all; grant or block by hand."""
    rule = get_object_or_404(CertificateRule.objects.select_related("course", "session"), pk=pk)
    if request.method == "POST":
        return _rule_action(request, rule)
    return render(request, "certificates/manage/rule.html", _rule_context(request, rule))


def _rule_action(request: HttpRequest, rule: CertificateRule) -> HttpResponse:
    action = request.POST.get("action")
    people = people_for(rule, request.user)
    try:
        if action == "issue":
            form = BulkIssueForm(request.POST, actor=request.user)  # type: ignore[arg-type]
            if form.is_valid():
                job = services.start_issue_job(
                    request.user,  # type: ignore[arg-type]
                    rule,
                    province=form.cleaned_data.get("province"),
                    notify=bool(form.cleaned_data.get("notify")),
                )
                return redirect("certificates:manage_job", pk=job.pk)
        elif action == "decide":
            decision = DecisionForm(request.POST, people=people)
            if decision.is_valid():
                data = decision.cleaned_data
                # A grant under an automatic rule issues a numbered certificate at once.
                if data["decision"] == OverrideDecision.GRANT and rule.auto_issue:
                    asking = _confirm_issue(
                        request,
                        person=data["person"],
                        achievement=str(rule),
                        reason=data["reason"],
                        carry=[
                            ("action", "decide"),
                            ("person", data["person"].pk),
                            ("decision", data["decision"]),
                            ("reason", data["reason"]),
                        ],
                        back_url=reverse("certificates:manage_rule", args=[rule.pk]),
                    )
                    if asking is not None:
                        return asking
                services.decide(
                    rule,
                    decision.cleaned_data["person"],
                    decision=decision.cleaned_data["decision"],
                    by=request.user,  # type: ignore[arg-type]
                    reason=decision.cleaned_data["reason"],
                )
                messages.success(request, _("Decision recorded."))
                return redirect("certificates:manage_rule", pk=rule.pk)
            messages.error(request, _("Write the reason for the decision."))
        elif action == "withdraw":
            withdraw = WithdrawForm(request.POST, people=people)
            if withdraw.is_valid():
                services.withdraw_decision(
                    rule,
                    withdraw.cleaned_data["person"],
                    by=request.user,  # type: ignore[arg-type]
                    reason=withdraw.cleaned_data["reason"],
                )
                messages.success(request, _("Decision withdrawn."))
                return redirect("certificates:manage_rule", pk=rule.pk)
            messages.error(request, _("Write the reason for withdrawing the decision."))
    except CertificateError as exc:
        messages.error(request, exc.message)
    return render(
        request, "certificates/manage/rule.html", _rule_context(request, rule), status=400
    )


@manager_required
def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.manageable_certificate(request.user, code)
    revoke_form = ReasonForm(prefix="revoke")
    reissue_form = ReasonForm(prefix="reissue")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        form = ReasonForm(request.POST, prefix=action if action in ("revoke", "reissue") else "x")
        if form.is_valid():
            try:
                if action == "revoke":
                    services.revoke_certificate(
                        certificate,
                        by=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The certificate is revoked."))
                    return redirect("certificates:manage_certificate", code=certificate.code)
                if action == "reissue":
                    asking = _confirm_issue(
                        request,
                        person=certificate.person,
                        achievement=certificate.snapshot.get("achievement_title", ""),
                        reason=form.cleaned_data["reason"],
                        carry=[
                            ("action", "reissue"),
                            ("reissue-reason", form.cleaned_data["reason"]),
                        ],
                        back_url=reverse(
                            "certificates:manage_certificate", args=[certificate.code]
                        ),
                    )
                    if asking is not None:
                        return asking
                    new = services.reissue_certificate(
                        certificate,
                        by=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("Certificate %(serial)s issued in place of the old one.")
                        % {"serial": new.serial},
                    )
                    return redirect("certificates:manage_certificate", code=new.code)
            except CertificateError as exc:
                messages.error(request, exc.message)
        if action == "revoke":
            revoke_form = form
        elif action == "reissue":
            reissue_form = form
        status = 400
    return render(
        request,
        "certificates/manage/certificate.html",
        {
            "certificate": certificate,
            "data": certificate.snapshot,
            "events": selectors.events_of(certificate),
            "revoke_form": revoke_form,
            "reissue_form": reissue_form,
        },
        status=status,
    )


def _job(request: HttpRequest, pk: int) -> CertificateJob:
    return get_object_or_404(selectors.visible_jobs(request.user), pk=pk)


@manager_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "certificates/manage/job.html", {"job": _job(request, pk)})


@manager_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "total": job.total,
            "done": job.done,
            "failed": job.failed,
            "percent": job.percent,
            "active": job.is_working,
            "error": job.error,
            "download": bool(job.output),
        }
    )


@manager_required
@require_POST
def job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.resume_job(job, request.user)  # type: ignore[arg-type]
    except CertificateError as exc:
        messages.error(request, exc.message)
    return redirect("certificates:manage_job", pk=job.pk)


@manager_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.output:
        raise Http404
    name = str(job.output.name).rsplit("/", 1)[-1]
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=name)


@manager_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST, actor=request.user)  # type: ignore[arg-type]
    if not form.is_valid():
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Check the form.")
        )
        return redirect("certificates:manage")
    try:
        job = services.start_export_job(
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["kind"],
            course=form.cleaned_data.get("course"),
            session=form.cleaned_data.get("session"),
            province=form.cleaned_data.get("province"),
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return redirect("certificates:manage")
    return redirect("certificates:manage_job", pk=job.pk)
