"""Bulk issue by a manager, a job stopped half-way and resumed, exports, the benchmark."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from certificates import services
from certificates.models import Certificate, CertificateJob, JobKind, JobStatus
from certificates.services import issue
from certificates.targets import Target, rule_for
from courses import services as course_services
from people.roles import Role
from tests.certificates.factories import (
    attend,
    course_with_rule,
    department,
    finish_course,
    held_session,
    learner,
)
from tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Hoàng Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Đức",
    "Vũ Thị Giang",
    "Đặng Quốc Huy",
]


def session_with_people(unit=None, count: int = 5, percent: int = 100):
    session = held_session()
    people = [learner(NAMES[i % len(NAMES)] + f" {i}", unit=unit) for i in range(count)]
    for person in people:
        attend(session, person, percent)
    return session, people


def assert_complete(session, people) -> list[Certificate]:
    certificates = list(Certificate.objects.filter(session=session).order_by("seq"))
    assert sorted(c.person_id for c in certificates) == sorted(p.pk for p in people)
    assert all(c.status == "valid" for c in certificates)
    serials = [c.serial for c in certificates]
    assert len(set(serials)) == len(serials)
    assert [c.seq for c in certificates] == list(range(1, len(people) + 1))
    for certificate in certificates:
        with default_storage.open(certificate.pdf.name, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    return certificates


def test_bulk_issue_numbers_stores_and_counts(settings, django_capture_on_commit_callbacks):
    settings.CERTIFICATE_BATCH_SIZE = 3
    admin = make_person(Role.MINISTRY_ADMIN)
    session, people = session_with_people(count=7)
    absent = learner("Không Đủ Giờ")
    attend(session, absent, 10)
    rule = rule_for(Target(session=session))

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(admin, rule, notify=False)

    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.failed) == (JobStatus.DONE, 7, 7, 0)
    certificates = assert_complete(session, people)
    assert not Certificate.objects.filter(person=absent).exists()
    # Each split PDF holds its own certificate and nobody else's.
    with certificates[0].pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = reader.pages[0].extract_text()
    assert certificates[0].holder_name in text
    assert certificates[1].holder_name not in text
    assert len(reader.pages) == 1


def test_a_job_killed_mid_batch_completes_when_run_again(
    settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATE_BATCH_SIZE = 4
    admin = make_person(Role.MINISTRY_ADMIN)
    session, people = session_with_people(count=6)
    rule = rule_for(Target(session=session))
    stored = []

    def crash_after_two(certificate):
        stored.append(certificate.pk)
        if len(stored) == 2:
            raise RuntimeError("worker lost")

    issue.after_store = crash_after_two
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(admin, rule, notify=False)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "worker lost" in job.error
    counts = Counter(Certificate.objects.filter(session=session).values_list("status", flat=True))
    assert counts == {"valid": 2, "pending": 2}

    issue.after_store = None
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(job, admin)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 6, 6)
    assert_complete(session, people)


def test_a_name_the_font_cannot_print_is_reported_and_the_rest_issued(
    django_capture_on_commit_callbacks,
):
    admin = make_person(Role.MINISTRY_ADMIN)
    session, people = session_with_people(count=3)
    odd = learner("Trần Văn ☃")
    attend(session, odd, 100)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)

    job.refresh_from_db()
    assert (job.status, job.done, job.failed) == (JobStatus.DONE, 3, 1)
    assert "☃" in job.errors[0]["message"]
    assert not Certificate.objects.filter(person=odd).exists()
    assert_complete(session, people)


def test_a_province_manager_issues_only_to_their_province(django_capture_on_commit_callbacks):
    home, away = department("Quảng Trị"), department("Lạng Sơn")
    manager = make_person(Role.PROVINCE_MANAGER, unit=home)
    course, rule = course_with_rule(auto_issue=False)
    ours = [learner(f"Người Quảng Trị {i}", unit=home) for i in range(2)]
    theirs = learner("Người Lạng Sơn", unit=away)
    for person in [*ours, theirs]:
        finish_course(person, course)

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_issue_job(manager, rule, province=away, notify=False)

    job.refresh_from_db()
    assert job.province == home.province
    assert set(Certificate.objects.values_list("person_id", flat=True)) == {p.pk for p in ours}


def test_progress_is_polled_as_json_and_scoped(client, django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    session, people = session_with_people(count=2)
    client.force_login(admin)
    rule = rule_for(Target(session=session))
    page = client.get(reverse("certificates:manage_rule", args=[rule.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('data-state="eligible"') == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:manage_rule", args=[rule.pk]), {"action": "issue"}
        )
    job = CertificateJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:manage_job", args=[job.pk])
    status = client.get(reverse("certificates:manage_job_status", args=[job.pk])).json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == (
        "done",
        2,
        2,
        100,
    )
    job_page = client.get(reverse("certificates:manage_job", args=[job.pk])).content.decode()
    assert 'role="progressbar"' in job_page and "job-progress.js" in job_page

    client.force_login(make_person(Role.PROVINCE_MANAGER, unit=department("Cà Mau")))
    assert client.get(reverse("certificates:manage_job_status", args=[job.pk])).status_code == 404
    client.force_login(people[0])
    assert client.get(reverse("certificates:manage")).status_code == 403


def test_zip_and_merged_pdf_exports(client, django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    session, _people = session_with_people(count=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:manage_export"), {"kind": "zip", "session": session.pk})
        client.post(
            reverse("certificates:manage_export"), {"kind": "merged", "session": session.pk}
        )

    zip_job = CertificateJob.objects.get(kind=JobKind.ZIP)
    merged_job = CertificateJob.objects.get(kind=JobKind.MERGED)
    assert zip_job.status == merged_job.status == JobStatus.DONE
    archive = b"".join(
        client.get(reverse("certificates:manage_job_download", args=[zip_job.pk])).streaming_content
    )
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = sorted(opened.namelist())
        assert len(names) == 3
        assert all(re.match(r"^\d+-\d{4}-GCN-BKHCN_[a-z0-9-]+\.pdf$", name) for name in names)
        first = Certificate.objects.filter(session=session).order_by("seq").first()
        member = next(n for n in names if n.startswith(f"1-{first.year}"))
        assert hashlib.sha256(opened.read(member)).hexdigest() == first.pdf_sha256
    merged = b"".join(
        client.get(
            reverse("certificates:manage_job_download", args=[merged_job.pk])
        ).streaming_content
    )
    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 3
    singles = sum(Certificate.objects.get(pk=pk).pdf.size for pk in merged_job.item_ids)
    assert len(merged) < singles  # the shared background is stored once


def test_a_province_export_holds_only_that_province(django_capture_on_commit_callbacks):
    admin = make_person(Role.MINISTRY_ADMIN)
    home, away = department("Quảng Trị"), department("Nghệ An")
    session = held_session()
    for index, unit in enumerate([home, home, away]):
        person = learner(f"Học Viên {index}", unit=unit)
        attend(session, person, 100)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_export_job(admin, JobKind.ZIP, province=home.province)
    job.refresh_from_db()
    assert (job.total, job.done, job.status) == (2, 2, JobStatus.DONE)


def test_bench_command_prints_one_result_line():
    out = io.StringIO()
    call_command("bench_certificates", count=4, naive_sample=2, batch=2, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    match = re.fullmatch(
        r"RESULT naive_ms_per_cert=([\d.]+) pipeline_ms_per_cert=([\d.]+) speedup=([\d.]+)", last
    )
    assert match
    naive, pipeline, speedup = map(float, match.groups())
    assert naive > 0 and pipeline > 0
    assert abs(speedup - naive / pipeline) < 0.05


def test_enrolment_alone_is_not_a_completed_course():
    course, rule = course_with_rule()
    person = learner()
    course_services.enrol(person, course)
    admin = make_person(Role.MINISTRY_ADMIN)
    job = services.start_issue_job(admin, rule, notify=False)
    assert job.total == 0
