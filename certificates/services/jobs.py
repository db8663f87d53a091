"""Bulk work for managers: issue to everyone eligible, export a ZIP or one merged PDF.

Each job is a row whose counters move as it runs; the page polls it for the progress bar.
A bulk issue is cut into chunks (one Celery task each, so several workers share it) and each
chunk into batches rendered as one document. Running a stopped job again finishes the
certificates it had numbered and issues the rest: no number is used twice, no PDF is missing.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from certificates import signing
from certificates.eligibility import people_for, standings, target_of
from certificates.errors import InvalidState, NotAllowed
from certificates.models import (
    HOLDING_STATUSES,
    Certificate,
    CertificateJob,
    CertificateRule,
    CertificateStatus,
    CertificateTemplate,
    JobKind,
    JobStatus,
)
from certificates.services.issue import prepare, record_failure, reserve, store_pdfs
from certificates.services.records import can_manage
from certificates.targets import Target, template_for
from courses.models import CoursePage
from jobs.dispatch import enqueue
from jobs.services import touch
from lib.text import fold
from people.models import Province, User
from people.scope import Reach, scope_of, scope_to
from training.models import Session

logger = logging.getLogger(__name__)


def _province_of(actor: User, province: Province | None) -> Province | None:
    """A province manager acts for their own province only."""
    scope = scope_of(actor)
    if scope.reach is Reach.PROVINCE and scope.province_id is not None:
        return Province.objects.get(pk=scope.province_id)
    if scope.reach is Reach.ALL:
        return province
    raise NotAllowed(_("You may not manage certificates."))


def start_issue_job(
    actor: User,
    rule: CertificateRule,
    *,
    province: Province | None = None,
    notify: bool = True,
) -> CertificateJob:
    """Plan a bulk issue to everyone eligible now (in the actor's scope) and queue it."""
    if not can_manage(actor):
        raise NotAllowed(_("You may not manage certificates."))
    province = _province_of(actor, province)
    people = people_for(rule, actor)
    if province is not None:
        people = people.filter(profile__unit__province=province)
    eligible = [
        s.person.pk for s in standings(rule, list(people)) if s.eligible and not s.holds_certificate
    ]
    job = CertificateJob.objects.create(
        kind=JobKind.ISSUE,
        created_by=actor,
        rule=rule,
        course=rule.course,
        session=rule.session,
        province=province,
        item_ids=eligible,
        total=len(eligible),
        notify=notify,
    )
    _enqueue(job)
    return job


def _enqueue(job: CertificateJob) -> None:
    enqueue(CertificateJob.run_task, job.pk)


def resume_job(job: CertificateJob, actor: User) -> CertificateJob:
    """Run a stopped job, or one whose worker died, again from where it stopped."""
    if job.created_by_id != actor.pk and scope_of(actor).reach is not Reach.ALL:
        raise NotAllowed(_("You may not manage this job."))
    if not job.can_resume:
        raise InvalidState(_("Only a stopped job can be resumed."))
    with transaction.atomic():
        CertificateJob.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED, error="", heartbeat_at=timezone.now()
        )
        _enqueue(job)
    job.refresh_from_db()
    return job


def _recount(job: CertificateJob) -> None:
    """Set `done` from the database, so a resumed job counts exactly."""
    if job.kind != JobKind.ISSUE or job.rule is None:
        return
    target = target_of(job.rule)
    done = Certificate.objects.filter(
        **target.lookup(), person_id__in=job.item_ids, status=CertificateStatus.VALID
    ).count()
    CertificateJob.objects.filter(pk=job.pk).update(done=done, failed=0, errors=[])


def run_job(job_id: int) -> None:
    """Start (or restart) a job: issue jobs fan out into chunk tasks, exports run here."""
    job = CertificateJob.objects.get(pk=job_id)
    if job.status == JobStatus.DONE:
        return
    _recount(job)
    CertificateJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, error="", heartbeat_at=timezone.now()
    )
    if job.kind == JobKind.ISSUE:
        from certificates.tasks import run_issue_chunk

        if not job.item_ids:
            _finish_if_complete(job.pk)
            return
        size = settings.CERTIFICATE_JOB_CHUNK_SIZE
        with transaction.atomic():
            for start in range(0, len(job.item_ids), size):
                enqueue(run_issue_chunk, job.pk, start, start + size)
        return
    try:
        if job.kind == JobKind.ZIP:
            _build_zip(job)
        else:
            _build_merged(job)
    except Exception as exc:  # noqa: BLE001 - any failure stops the job with its message
        _fail(job.pk, exc)


def _fail(job_id: int, exc: Exception) -> None:
    logger.exception("certificate job %s stopped", job_id)
    CertificateJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
    )


def _finish_if_complete(job_id: int) -> None:
    CertificateJob.objects.filter(
        pk=job_id, status=JobStatus.RUNNING, total__lte=F("done") + F("failed")
    ).update(status=JobStatus.DONE, finished_at=timezone.now())


def _count_done(job_id: int, _certificate: Certificate) -> None:
    CertificateJob.objects.filter(pk=job_id).update(done=F("done") + 1, heartbeat_at=timezone.now())


def run_issue_chunk(job_id: int, start: int, end: int) -> None:
    """Issue to one slice of the job's people, batch by batch. Idempotent."""
    job = CertificateJob.objects.select_related("rule").get(pk=job_id)
    if job.status != JobStatus.RUNNING or job.rule is None:
        return
    rule = job.rule
    target = target_of(rule)
    template = template_for(rule)
    ids = job.item_ids[start:end]
    size = settings.CERTIFICATE_BATCH_SIZE
    try:
        # One signer for the whole chunk: opening a token or a key file costs more than a PDF.
        with signing.open_signer() as signer:
            for offset in range(0, len(ids), size):
                _issue_batch(job, rule, target, template, ids[offset : offset + size], signer)
    except Exception as exc:  # noqa: BLE001 - the job shows why it stopped; resume continues
        _fail(job.pk, exc)
        return
    _finish_if_complete(job.pk)


def _issue_batch(
    job: CertificateJob,
    rule: CertificateRule,
    target: Target,
    template: CertificateTemplate,
    person_ids: Sequence[int],
    signer: signing.LoadedSigner | None,
) -> None:
    touch(job)  # rendering a batch takes a while before the first PDF is counted
    existing = list(
        Certificate.objects.filter(
            **target.lookup(), person_id__in=person_ids, status__in=HOLDING_STATUSES
        ).select_related("rule", "person")
    )
    held = {c.person_id for c in existing}
    pending = [c for c in existing if c.status == CertificateStatus.PENDING]
    people = list(User.objects.filter(pk__in=[pk for pk in person_ids if pk not in held]))
    ready, refused = prepare(target, people, rule)
    created = reserve(
        target,
        ready,
        rule=rule,
        template=template,
        by=job.created_by,
        job=job,
    )
    store_pdfs(
        [*pending, *created],
        template,
        notify=job.notify,
        on_stored=partial(_count_done, job.pk),
        signer=signer,
    )
    if refused:
        errors = [
            {"person": r.person.pk, "name": r.person.get_full_name(), "message": r.message}
            for r in refused
        ]
        for item in refused:
            record_failure(item.person, rule, item.message, by=job.created_by)
        with transaction.atomic():
            locked = CertificateJob.objects.select_for_update().get(pk=job.pk)
            locked.errors = [*locked.errors, *errors]
            locked.failed = F("failed") + len(errors)
            locked.save(update_fields=["errors", "failed"])


# ---------------------------------------------------------------------------------------
# Exports.


def exportable(
    actor: User,
    *,
    course: CoursePage | None = None,
    session: Session | None = None,
    province: Province | None = None,
) -> list[int]:
    """Ids of the valid certificates to export, in serial order, within the actor's scope."""
    certificates = scope_to(
        actor,
        Certificate.objects.filter(status=CertificateStatus.VALID),
        province="person__profile__unit__province",
        person="person",
    )
    if course is not None:
        certificates = certificates.filter(course=course)
    if session is not None:
        certificates = certificates.filter(session=session)
    if province is not None:
        certificates = certificates.filter(person__profile__unit__province=province)
    return list(certificates.order_by("year", "seq").values_list("pk", flat=True))


def start_export_job(
    actor: User,
    kind: str,
    *,
    course: CoursePage | None = None,
    session: Session | None = None,
    province: Province | None = None,
) -> CertificateJob:
    if not can_manage(actor):
        raise NotAllowed(_("You may not manage certificates."))
    if kind not in (JobKind.ZIP, JobKind.MERGED):
        raise InvalidState(_("Unknown export."))
    if course is None and session is None and province is None:
        raise InvalidState(_("Choose a course, a session or a province."))
    ids = exportable(actor, course=course, session=session, province=province)
    job = CertificateJob.objects.create(
        kind=kind,
        created_by=actor,
        course=course,
        session=session,
        province=province,
        item_ids=ids,
        total=len(ids),
        notify=False,
    )
    _enqueue(job)
    return job


def _export_name(job: CertificateJob, extension: str) -> str:
    subject = job.session or job.course or job.province
    slug = re.sub(r"[^a-z0-9]+", "-", fold(str(subject or "")))[:60].strip("-") or "chung-nhan"
    return f"certificates/exports/{job.pk}-{slug}.{extension}"


def _pdf_file_name(certificate: Certificate) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", fold(certificate.holder_name)).strip("-")
    serial = re.sub(r"[^A-Za-z0-9]+", "-", certificate.serial).strip("-")
    return f"{serial}_{name}.pdf"


def _certificates(job: CertificateJob) -> list[Certificate]:
    by_id = Certificate.objects.in_bulk(job.item_ids)
    return [by_id[pk] for pk in job.item_ids if pk in by_id]


def _progress(job_id: int, done: int) -> None:
    CertificateJob.objects.filter(pk=job_id).update(done=done, heartbeat_at=timezone.now())


def _build_zip(job: CertificateJob) -> None:
    buffer = io.BytesIO()
    certificates = _certificates(job)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, certificate in enumerate(certificates, start=1):
            with certificate.pdf.open("rb") as handle:
                archive.writestr(_pdf_file_name(certificate), handle.read())
            if index % 25 == 0:
                _progress(job.pk, index)
    _finish_export(job, buffer.getvalue(), "zip", len(certificates))


def _build_merged(job: CertificateJob) -> None:
    writer = PdfWriter()
    certificates = _certificates(job)
    for index, certificate in enumerate(certificates, start=1):
        with certificate.pdf.open("rb") as handle:
            writer.append(PdfReader(io.BytesIO(handle.read())))
        if index % 25 == 0:
            _progress(job.pk, index)
    # The same background and fonts in every certificate are stored once.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    _finish_export(job, buffer.getvalue(), "pdf", len(certificates))


def _finish_export(job: CertificateJob, data: bytes, extension: str, count: int) -> None:
    job.output.save(_export_name(job, extension).rsplit("/", 1)[-1], ContentFile(data), save=False)
    CertificateJob.objects.filter(pk=job.pk).update(
        output=job.output.name,
        done=count,
        status=JobStatus.DONE,
        finished_at=timezone.now(),
    )
