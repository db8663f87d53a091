"""Exports of any report table: small ones at once, large ones through a worker."""

from __future__ import annotations

import io
import uuid
from typing import cast

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from people.models import User
from reports.exports import CSV_TYPE, XLSX_TYPE, csv_lines, write_xlsx
from reports.models import ExportFormat, ExportJob
from reports.services import exports as services
from reports.tables import build_table
from reports.views import reports_view

PARAMS = ("field", "course", "session", "from", "to", "level", "province", "unit", "person")


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


@require_POST
@reports_view
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    fmt = request.POST.get("format", "")
    if fmt not in ExportFormat.values:
        raise Http404
    report = request.POST.get("report", "")
    params = {key: value for key in PARAMS if (value := request.POST.get(key, "").strip())}
    table = build_table(request.user, report, params)
    if table.count > services.sync_limit():
        job = services.start_export(cast(User, request.user), report, params, fmt)
        return redirect("reports:export_job", job_id=job.pk)
    filename = services.filename_for(table, fmt)
    response: HttpResponse | StreamingHttpResponse
    if fmt == ExportFormat.CSV:
        response = StreamingHttpResponse(csv_lines(table), content_type=CSV_TYPE)
    else:
        output = io.BytesIO()
        write_xlsx(table, output)
        response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    _attachment(response, filename)
    return response


def _own_job(request: HttpRequest, job_id: uuid.UUID) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, owner=request.user)


@reports_view
def export_job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    return render(request, "reports/export_job.html", {"job": _own_job(request, job_id)})


@reports_view
def export_status(request: HttpRequest, job_id: uuid.UUID) -> JsonResponse:
    job = _own_job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "percent": job.percent,
            "written": job.rows_written,
            "total": job.total_rows,
            "error": job.error,
            "active": job.is_working,
        }
    )


@reports_view
def export_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = _own_job(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    content_type = XLSX_TYPE if job.format == ExportFormat.XLSX else CSV_TYPE
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=content_type
    )


@require_POST
@reports_view
def export_restart(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _own_job(request, job_id)
    services.restart_export(job)
    return redirect("reports:export_job", job_id=job.pk)
