"""Wagtail admin views for the bulk staff import: upload, preview, confirm, follow the job."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied

from people.imports import (
    TEMPLATE_FILE_NAME,
    Action,
    ImportFileError,
    ImportNotAllowed,
    ImportStateError,
    Preview,
    can_import_staff,
    confirm_import,
    create_import,
    render_message,
    resume_import,
    template_workbook,
    visible_imports,
)
from people.invitations import InvitationError, invitable, resend_invitation
from people.models import StaffImport

ROWS_PER_PAGE = 200
RECENT_IMPORTS = 20

ACTION_LABELS = {
    Action.CREATE: gettext_lazy("Create"),
    Action.UPDATE: gettext_lazy("Update"),
    Action.ERROR: gettext_lazy("Error"),
}

View = Callable[..., HttpResponse]


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Staff list"),
        help_text=gettext_lazy(
            "An .xlsx workbook or a UTF-8 .csv file with the columns “Họ và tên”, “Mã cán bộ” "
            "or “Email”, “Tỉnh/Thành phố” or “Đơn vị”, and optionally “Chức vụ” and "
            "“Số điện thoại”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.STAFF_IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": f"{limit / 1048576:g}"}
            )
        return upload


def import_access_required(view: View) -> View:
    """Answer 403 to anyone who is neither a ministry admin nor a province manager."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_import_staff(request.user):
            # Wagtail turns a raised PermissionDenied into a redirect; a refusal here is a 403.
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return guarded


def _job(request: HttpRequest, pk: int) -> StaffImport:
    return get_object_or_404(visible_imports(request.user), pk=pk)


@import_access_required
def upload(request: HttpRequest) -> HttpResponse:
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            job = create_import(
                file_name=upload_file.name or "",
                content=upload_file.read(),
                uploader=request.user,  # type: ignore[arg-type]
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        except ImportNotAllowed:
            return permission_denied(request, PermissionDenied())
        else:
            return redirect("people_import:preview", pk=job.pk)
    recent = visible_imports(request.user).defer("report")[:RECENT_IMPORTS]
    return render(
        request,
        "people/admin/import_upload.html",
        {"form": form, "recent": recent, "max_rows": settings.STAFF_IMPORT_MAX_ROWS},
    )


@import_access_required
def template(request: HttpRequest) -> HttpResponse:
    """The XLSX template with the columns the import reads and one example row."""
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
    return response


@import_access_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != StaffImport.Status.PREVIEWED:
        return redirect("people_import:status", pk=job.pk)
    report = Preview.from_dict(job.report)
    errors_only = request.GET.get("errors") == "1"
    rows = [row for row in report.rows if row.errors] if errors_only else report.rows
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    lines = [
        {
            "number": row.number,
            "name": row.values["full_name"],
            "code": row.values["staff_code"],
            "email": row.values["email"],
            "unit": row.unit_name or row.values["unit"] or row.values["province"],
            "province": row.province_name,
            "action": row.action.value,
            "action_label": ACTION_LABELS[row.action],
            "errors": row.messages,
            "warnings": row.warning_messages,
        }
        for row in page.object_list
    ]
    counts = {action.value: report.count(action) for action in Action}
    counts["warning"] = sum(1 for row in report.rows if row.warnings)
    return render(
        request,
        "people/admin/import_preview.html",
        {"job": job, "page": page, "lines": lines, "counts": counts, "errors_only": errors_only},
    )


@import_access_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        confirm_import(job.pk, request.user)  # type: ignore[arg-type]
    except ImportStateError as exc:
        return render(
            request,
            "people/admin/import_status.html",
            _status_context(job, problem=str(exc)),
            status=409,
        )
    return redirect("people_import:status", pk=job.pk)


@import_access_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    resume_import(job.pk, request.user)  # type: ignore[arg-type]
    return redirect("people_import:status", pk=job.pk)


@import_access_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status == StaffImport.Status.PREVIEWED:
        return redirect("people_import:preview", pk=job.pk)
    return render(
        request,
        "people/admin/import_status.html",
        _status_context(job, page_number=request.GET.get("p")),
    )


@import_access_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the invitation to choose a password again to one person (by profile id)."""
    try:
        profile = resend_invitation(pk, request.user)  # type: ignore[arg-type]
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The invitation will be sent again to %(email)s.") % {"email": profile.user.email},
        )
    job_id = request.POST.get("job", "")
    if job_id.isdigit() and visible_imports(request.user).filter(pk=int(job_id)).exists():
        return redirect("people_import:status", pk=int(job_id))
    return redirect("people_import:upload")


def _status_context(
    job: StaffImport, *, problem: str = "", page_number: str | None = None
) -> dict[str, Any]:
    failures = [
        {"row": item["row"], "message": render_message(item["code"], item["params"])}
        for item in job.apply_errors
    ]
    created = job.created_staff.select_related("user").order_by("folded_name")
    accounts = Paginator(created, ROWS_PER_PAGE).get_page(page_number)
    invitations = [
        {"profile": profile, "can_invite": invitable(profile)} for profile in accounts.object_list
    ]
    return {
        "job": job,
        "failures": failures,
        "problem": problem,
        "accounts": accounts,
        "invitations": invitations,
    }
