"""Storing an uploaded staff list, confirming it, and applying its valid rows.

Applying is resumable: the valid rows are written a chunk per transaction (a few set-based
queries per chunk, `people.imports.bulk`), and each chunk commits together with the
`rows_applied` high-water mark. A job that stopped half way (a crash,
a lost worker) continues from that mark; rows are upserts by staff code or e-mail, so running a
chunk twice never duplicates a person. Each chunk also queues, with its own commit, the
invitation e-mails of the accounts it created, so an account is invited once.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobs.dispatch import enqueue as dispatch
from lib.text import clean_text, fold
from people.imports.access import ImportNotAllowed, can_import_staff, import_scope
from people.imports.bulk import apply_rows
from people.imports.preview import Preview, PreviewRow
from people.imports.problems import RowError
from people.imports.read import read_table
from people.imports.validate import preview_table
from people.invitations import invite_after_commit
from people.models import StaffImport, Unit, User
from people.services import StaffData, StaffError, find_existing_staff, upsert_staff

logger = logging.getLogger(__name__)

# Rows per transaction: each chunk is a handful of set-based queries.
CHUNK_SIZE = 1000


class ImportStateError(Exception):
    """The import is not in a state that allows what was asked."""


def preview_file(file_name: str, content: bytes, viewer: User | None) -> Preview:
    """Read and check a staff list for `viewer` (None: the system, unrestricted); writes nothing."""
    scope = import_scope(viewer)
    return preview_table(read_table(file_name, content), scope)


def create_import(*, file_name: str, content: bytes, uploader: User | None) -> StaffImport:
    """Check the file, then store it with its preview; a refused file leaves nothing behind.

    Raises ImportFileError for an unreadable file and ImportNotAllowed for a refused uploader.
    """
    preview = preview_file(file_name, content, uploader)
    original = PurePath(clean_text(file_name)).name[:255]
    path = PurePath(original)
    job = StaffImport(
        original_name=original,
        uploaded_by=uploader,
        total_rows=preview.total,
        valid_rows=len(preview.valid_rows),
        report=preview.to_dict(),
    )
    job.file.save(
        f"{slugify(fold(path.stem)) or 'import'}{path.suffix.lower()}",
        ContentFile(content),
        save=False,
    )
    try:
        with transaction.atomic():
            job.save()
    except BaseException:
        job.file.delete(save=False)
        raise
    return job


def confirm_import(job_id: int, actor: User | None, *, enqueue: bool = True) -> StaffImport:
    """Queue the valid rows of a previewed import; confirming twice queues it once."""
    _authorise(actor)
    with transaction.atomic():
        job = _locked(job_id)
        if job.status != StaffImport.Status.PREVIEWED:
            return job
        if job.valid_rows == 0:
            raise ImportStateError(_("The file has no valid rows to import."))
        job.status = StaffImport.Status.QUEUED
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "heartbeat_at"])
        if enqueue:
            _enqueue(job.pk)
    return job


def resume_import(job_id: int, actor: User | None, *, enqueue: bool = True) -> StaffImport:
    """Queue a failed import, or one whose worker died, again; it continues after the last
    committed chunk."""
    _authorise(actor)
    with transaction.atomic():
        job = _locked(job_id)
        if not job.can_resume:
            return job
        job.status = StaffImport.Status.QUEUED
        job.error = ""
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "error", "heartbeat_at"])
        if enqueue:
            _enqueue(job.pk)
    return job


def apply_import(job_id: int, *, chunk_size: int = CHUNK_SIZE) -> StaffImport:
    """Apply the valid rows not applied yet. Safe to run again at any point.

    An unexpected error marks the job failed (with the error) instead of propagating, so the
    person who confirmed it sees the state and can resume it.
    """
    with transaction.atomic():
        job = StaffImport.objects.select_for_update().get(pk=job_id)
        if job.status == StaffImport.Status.DONE:
            return job
        if job.status == StaffImport.Status.PREVIEWED:
            raise ImportStateError(_("The import has not been confirmed."))
        job.status = StaffImport.Status.RUNNING
        job.error = ""
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "error", "heartbeat_at"])
    preview = Preview.from_dict(job.report)
    rows = preview.valid_rows
    try:
        while _apply_chunk(job_id, rows, preview.province_id, chunk_size):
            pass
    except Exception as exc:
        logger.exception("staff import %s stopped", job_id)
        StaffImport.objects.filter(pk=job_id).update(
            status=StaffImport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
    else:
        StaffImport.objects.filter(pk=job_id).update(
            status=StaffImport.Status.DONE, finished_at=timezone.now()
        )
    return StaffImport.objects.get(pk=job_id)


def _authorise(actor: User | None) -> None:
    if actor is not None and not can_import_staff(actor):
        raise ImportNotAllowed


def _locked(job_id: int) -> StaffImport:
    return StaffImport.objects.select_for_update().defer("report").get(pk=job_id)


def _enqueue(job_id: int) -> None:
    dispatch(StaffImport.run_task, job_id)


def _apply_chunk(
    job_id: int, rows: list[PreviewRow], province_id: int | None, chunk_size: int
) -> bool:
    """Apply the next chunk and move the high-water mark with it; False when nothing is left."""
    with transaction.atomic():
        job = _locked(job_id)
        start = job.rows_applied
        batch = rows[start : start + chunk_size]
        if not batch:
            return False
        units = Unit.objects.in_bulk({row.unit_id for row in batch if row.unit_id is not None})
        created: list[int] = []
        try:
            with transaction.atomic():
                outcomes = apply_rows(batch, units, province_id, job_id)
        except IntegrityError:
            # Someone wrote one of these people meanwhile: row by row, so that only the
            # clashing rows fail.
            outcomes = [_apply_row(row, units, province_id, job_id) for row in batch]
        for row, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, RowError):
                job.failed_rows += 1
                job.apply_errors.append(
                    {"row": row.number, "code": outcome.code, "params": outcome.params}
                )
            elif outcome is None:
                job.updated_rows += 1
            else:
                job.created_rows += 1
                created.append(outcome)
        # Recorded with the chunk: a chunk applied again after a crash invites no one twice.
        invite_after_commit(created)
        job.rows_applied = start + len(batch)
        job.heartbeat_at = timezone.now()
        job.save(
            update_fields=[
                "heartbeat_at",
                "rows_applied",
                "created_rows",
                "updated_rows",
                "failed_rows",
                "apply_errors",
            ]
        )
    return True


def _apply_row(
    row: PreviewRow, units: dict[int, Unit], province_id: int | None, job_id: int
) -> int | RowError | None:
    """The new account's user id, None for an updated person, or why the row failed."""
    unit = units.get(row.unit_id) if row.unit_id is not None else None
    if unit is None:
        return RowError("unit_gone")
    values = row.values
    if province_id is not None:
        # The preview checked this; the stored people may have moved since.
        existing = find_existing_staff(staff_code=values["staff_code"], email=values["email"])
        if unit.province_id != province_id or (
            existing is not None and existing.unit.province_id != province_id
        ):
            return RowError("person_outside_province")
    data = StaffData(
        full_name=values["full_name"],
        unit=unit,
        email=values["email"],
        staff_code=values["staff_code"],
        position=values["position"],
        phone=values["phone"],
        source_import_id=job_id,
    )
    try:
        profile, created = upsert_staff(data)
    except StaffError as exc:
        return RowError("apply_failed", {"detail": str(exc)})
    except IntegrityError:
        return RowError("conflict")
    return profile.user_id if created else None
