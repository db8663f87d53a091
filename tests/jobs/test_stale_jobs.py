"""Jobs whose worker died (queued or running, no sign of life) are restarted by the sweeper and
can be resumed by hand; live jobs are left alone."""

from __future__ import annotations

import datetime
from collections import Counter
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from certificates.errors import InvalidState
from certificates.models import Certificate, CertificateJob, JobStatus
from certificates.services import issue
from certificates.targets import Target, rule_for
from courses import services as course_services
from jobs.models import PendingTask
from jobs.services import sweep
from people.imports import apply as apply_module
from people.imports import apply_import, confirm_import, create_import, resume_import
from people.imports.bulk import apply_rows
from people.models import StaffImport, StaffProfile
from people.roles import Role
from reports.models import ExportJob
from reports.services import exports
from tests.certificates.factories import attend, held_session, learner
from tests.certificates.test_bulk import assert_complete
from tests.factories import make_course, make_person
from tests.people.factories_import import csv_bytes, make_organisation, staff_row

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(hours=1)


def _killed_mid_batch(settings, django_capture_on_commit_callbacks):
    """A bulk issue whose worker died after two of six PDFs: left running, two pending."""
    settings.CERTIFICATE_BATCH_SIZE = 4
    admin = make_person(Role.MINISTRY_ADMIN)
    session = held_session()
    people = [learner(f"Trần Thị Hoà {n}") for n in range(6)]
    for person in people:
        attend(session, person, 100)
    stored: list[int] = []

    def die_after_two(certificate: Certificate) -> None:
        stored.append(certificate.pk)
        if len(stored) == 2:
            raise SystemExit("SIGKILL")  # nothing in the worker may catch this one

    issue.after_store = die_after_two
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        certificate_services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)
    issue.after_store = None
    job = CertificateJob.objects.get()
    assert job.status == JobStatus.RUNNING and job.done == 2
    counts = Counter(Certificate.objects.values_list("status", flat=True))
    assert counts == {"valid": 2, "pending": 2}
    return admin, session, people, job


def _go_quiet(job) -> None:
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - LONG_AGO)


def test_the_sweeper_finishes_a_bulk_issue_whose_worker_died(
    settings, django_capture_on_commit_callbacks
):
    _admin, session, people, job = _killed_mid_batch(settings, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().restarted == 0  # still within its heartbeat: maybe only slow
    _go_quiet(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().restarted == 1

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.failed) == (JobStatus.DONE, 6, 6, 0)
    assert_complete(session, people)
    assert not PendingTask.objects.filter(task__startswith="certificates.").exists()


def test_resume_works_on_a_job_whose_worker_died_but_not_on_a_live_one(
    client, settings, django_capture_on_commit_callbacks
):
    admin, session, people, job = _killed_mid_batch(settings, django_capture_on_commit_callbacks)
    with pytest.raises(InvalidState):
        certificate_services.resume_job(job, admin)

    _go_quiet(job)
    client.force_login(admin)
    page = client.get(reverse("certificates:manage_job", args=[job.pk])).content.decode()
    assert reverse("certificates:manage_job_resume", args=[job.pk]) in page
    status = client.get(reverse("certificates:manage_job_status", args=[job.pk])).json()
    assert status["active"] is False  # the progress page stops waiting and offers to resume
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:manage_job_resume", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.DONE, 6)
    assert_complete(session, people)


def test_the_sweeper_rewrites_an_export_whose_worker_died(django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    course = make_course()
    for _ in range(3):
        course_services.enrol(make_person(), course)
    quiet = ExportJob.objects.create(owner=admin, report="learners", format="csv", status="running")
    alive = ExportJob.objects.create(owner=admin, report="learners", format="csv", status="running")
    _go_quiet(quiet)

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().restarted == 1
        # Restarting claimed the job: a second sweeper at the same moment leaves it alone.
        assert sweep().restarted == 0

    quiet.refresh_from_db()
    alive.refresh_from_db()
    assert (quiet.status, quiet.rows_written) == (ExportJob.Status.DONE, 3)
    assert alive.status == ExportJob.Status.RUNNING
    assert exports.restart_export(alive).status == ExportJob.Status.RUNNING


def test_a_staff_import_whose_worker_died_is_resumed_from_its_mark(
    django_capture_on_commit_callbacks,
):
    make_organisation()
    rows = [staff_row(code=f"QT-{n}", email=f"nguoi{n}@x.vn") for n in range(5)]
    job = create_import(file_name="a.csv", content=csv_bytes(rows), uploader=None)
    confirm_import(job.pk, None, enqueue=False)

    def killed_in_second_chunk(rows, *args, calls=[]):  # noqa: B006 - counts calls across the run
        calls.append(rows)
        if len(calls) == 2:
            raise SystemExit("SIGKILL")
        return apply_rows(rows, *args)

    with (
        mock.patch.object(apply_module, "apply_rows", killed_in_second_chunk),
        pytest.raises(SystemExit),
    ):
        apply_import(job.pk, chunk_size=2)
    job.refresh_from_db()
    assert (job.status, job.rows_applied) == (StaffImport.Status.RUNNING, 2)
    assert not job.can_resume  # its heartbeat is fresh: the worker may only be slow
    assert resume_import(job.pk, None, enqueue=False).status == StaffImport.Status.RUNNING

    _go_quiet(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().restarted == 1
    job.refresh_from_db()
    assert (job.status, job.rows_applied, job.created_rows) == (StaffImport.Status.DONE, 5, 5)
    assert StaffProfile.objects.filter(staff_code__startswith="QT-").count() == 5
