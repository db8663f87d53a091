"""Large exports: queued, written by a worker with progress, stored whole or not at all."""

from __future__ import annotations

import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.dispatch import enqueue
from people.models import User
from reports.exports import csv_lines, write_xlsx
from reports.models import ExportFormat, ExportJob
from reports.tables import Table, build_table

logger = logging.getLogger(__name__)


def sync_limit() -> int:
    """Above this many rows an export is built by a worker instead of in the request."""
    return int(getattr(settings, "REPORTS_EXPORT_SYNC_MAX_ROWS", 5000))


def filename_for(table: Table, fmt: str) -> str:
    return f"{table.stem}-{timezone.localdate().isoformat()}.{fmt}"


def start_export(owner: User, report: str, params: dict[str, str], fmt: str) -> ExportJob:
    """Queue an export of a report the owner may see; the worker starts after commit."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=owner, report=report, params=params, format=ExportFormat(fmt)
        )
        enqueue(ExportJob.run_task, *job.task_args())
    return job


def restart_export(job: ExportJob) -> ExportJob:
    """Queue a failed export, or one whose worker died, again; it is written from the start."""
    if not job.can_resume:
        return job
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.QUEUED, error="", rows_written=0, heartbeat_at=timezone.now()
        )
        enqueue(ExportJob.run_task, *job.task_args())
    job.refresh_from_db()
    return job


def _progress(job_id: str, total: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(rows_written=total, heartbeat_at=timezone.now())


def run_export(job_id: str) -> ExportJob:
    """Write the export under its owner's current scope; safe to run twice."""
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_written=0, heartbeat_at=timezone.now()
    )
    try:
        table = build_table(job.owner, job.report, job.params)
    except Http404:
        return _fail(job, _("This report is no longer available to you."))
    ExportJob.objects.filter(pk=job.pk).update(total_rows=table.count)
    try:
        with tempfile.TemporaryFile() as scratch:
            if job.format == ExportFormat.XLSX:
                written = write_xlsx(table, scratch, lambda n: _progress(str(job.pk), n))
            else:
                written = 0
                for line in csv_lines(table, lambda n: _progress(str(job.pk), n)):
                    scratch.write(line)
                    written += 1
                written -= 1  # the header line
            scratch.seek(0)
            name = default_storage.save(f"exports/{job.pk}.{job.format}", File(scratch))
    except Exception:
        logger.exception("Export %s failed", job.pk)
        return _fail(job, _("The file could not be written. Run the export again."))
    old = job.file.name
    job.file.name = name
    job.filename = filename_for(table, job.format)
    job.status = ExportJob.Status.DONE
    job.rows_written = written
    job.total_rows = max(table.count, written)
    job.finished_at = timezone.now()
    job.error = ""
    job.save()
    if old and old != name:
        default_storage.delete(old)
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
