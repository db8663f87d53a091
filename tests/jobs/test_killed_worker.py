"""A real worker SIGKILLed in the middle of a bulk issue: another worker and the sweeper finish
the job with no duplicate serial, no missing PDF, and every PDF matching its hash."""

from __future__ import annotations

import hashlib
import os
import signal
import time

import pytest
from django.core.files.storage import default_storage

from certificates import services as certificate_services
from certificates.models import Certificate, CertificateJob, CertificateStatus, JobStatus
from certificates.targets import Target, rule_for
from jobs.tasks import sweep
from people.roles import Role
from tests.celery_workers import running_worker, start_worker, stop, wait_for
from tests.certificates.factories import attend, held_session, learner
from tests.factories import make_person

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 24
# Small batches and chunks, so the kill lands between two batches of one chunk with more
# chunks still waiting in the queue.
WORKER_SETTINGS = {"CERTIFICATE_BATCH_SIZE": "3", "CERTIFICATE_JOB_CHUNK_SIZE": "9"}


def _job() -> CertificateJob:
    return CertificateJob.objects.get()


def test_a_bulk_issue_survives_a_worker_killed_mid_batch():
    admin = make_person(Role.MINISTRY_ADMIN)
    session = held_session()
    people = [learner(f"Lê Thị Ánh {n}") for n in range(PEOPLE)]
    for person in people:
        attend(session, person, 100)
    rule = rule_for(Target(session=session))

    with running_worker(**WORKER_SETTINGS, JOBS_STALE_AFTER_SECONDS="3") as worker:
        certificate_services.start_issue_job(admin, rule, notify=False)
        assert wait_for(lambda: _job().done >= 4, seconds=120), worker.log[-3000:]
        assert worker.process is not None
        os.kill(worker.process.pid, signal.SIGKILL)
        stop(worker)

        job = _job()
        assert job.status == JobStatus.RUNNING and job.done < PEOPLE, job.done

        # A new worker takes the chunks still queued; beat's sweeper (sent here every few
        # seconds, as beat would every minute) restarts the job once its heartbeat is stale.
        worker.process = start_worker(worker.queue, **WORKER_SETTINGS, JOBS_STALE_AFTER_SECONDS="3")

        def finished() -> bool:
            if _job().status == JobStatus.DONE:
                return True
            sweep.apply_async(queue=worker.queue)
            time.sleep(2)
            return False

        assert wait_for(finished, seconds=240, every=1), worker.log[-3000:]

    job = _job()
    assert (job.status, job.done, job.failed, job.total) == (JobStatus.DONE, PEOPLE, 0, PEOPLE)
    certificates = list(Certificate.objects.filter(session=session))
    assert sorted(c.person_id for c in certificates) == sorted(p.pk for p in people)
    assert {c.status for c in certificates} == {CertificateStatus.VALID}
    serials = [c.serial for c in certificates]
    assert len(set(serials)) == PEOPLE
    assert sorted(c.seq for c in certificates) == list(range(1, PEOPLE + 1))
    for certificate in certificates:
        with default_storage.open(certificate.pdf.name, "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == certificate.pdf_sha256
    # The dead worker's chunk came back through the sweeper, not by waiting for Redis's
    # visibility timeout (30 minutes).
    assert "'restarted': 1" in worker.log, worker.log[-3000:]
