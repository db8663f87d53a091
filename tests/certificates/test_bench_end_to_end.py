"""`bench_certificates --end-to-end` at a small N: the bulk issue job runs to the end (eagerly
without a broker; on two real Celery workers with PostgreSQL and Redis), every record and its
stored, signed PDF is verified, and the command ends with its certificates-per-second line."""

from __future__ import annotations

import os
import re
import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from certificates.models import Certificate, CertificateJob, JobStatus
from tests.celery_workers import use_broker

RESULT = re.compile(
    r"^RESULT end_to_end certificates=(\d+) workers=(\d) seconds=\d+\.\d certs_per_s=\d+\.\d "
    r"naive_ms_per_cert=\d+\.\d pipeline_ms_per_cert=\d+\.\d pipeline_certs_per_s=\d+\.\d$"
)
SMALL = {"count": 6, "naive_sample": 1, "render_count": 2, "batch": 2, "chunk": 2}


def _lines(out: StringIO) -> list[str]:
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_job_runs_eagerly_and_says_so() -> None:
    out = StringIO()
    call_command("bench_certificates", end_to_end=True, in_place=True, stdout=out, **SMALL)
    lines = _lines(out)
    assert "No broker configured: the job's tasks run eagerly in this process." in lines
    assert RESULT.match(lines[-1]).groups() == ("6", "0"), lines  # type: ignore[union-attr]
    assert lines[-2].startswith("load average: ")
    assert any(line.startswith("RESULT naive_ms_per_cert=") for line in lines)
    assert "Verified 6 certificate records, 6 distinct serials and 6 stored PDFs" in out.getvalue()
    assert Certificate.objects.filter(status="valid").count() == 6
    assert CertificateJob.objects.get().status == JobStatus.DONE


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_celery_workers_issue_records_and_signed_pdfs() -> None:
    queue = f"test-{uuid.uuid4().hex[:8]}"
    out = StringIO()
    with use_broker(os.environ["CELERY_BROKER_URL"], queue=queue):
        call_command(
            "bench_certificates",
            end_to_end=True,
            in_place=True,
            workers=2,
            queue=queue,
            worker_settings="config.settings.worker_test",
            stdout=out,
            **SMALL,
        )
    lines = _lines(out)
    assert any(line.startswith("2 Celery workers (concurrency 1 each") for line in lines), lines
    assert RESULT.match(lines[-1]).groups() == ("6", "2"), lines  # type: ignore[union-attr]
    assert "6 stored PDFs (read back, SHA-256 match, signed)" in out.getvalue()
    job = CertificateJob.objects.get()
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 6, 0)
