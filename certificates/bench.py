"""The end-to-end issue benchmark (`bench_certificates --end-to-end`).

Its data: a published course whose rule asks for completion, N learners across the provinces
who completed it, and a ministry admin who starts the issue. Written with bulk_create (a
synthetic history, like the reports benchmark's population): no signal fires and nothing is
issued while it is built; it lives in a throwaway database (or the test's).

The run: the admin starts the same bulk issue job managers start (`start_issue_job`); it is cut
into chunk tasks that `--workers` real `celery worker` processes (concurrency 1 each) share when
a broker is configured, or that run eagerly in this process without one. When the job is done,
every certificate record and its stored PDF (read back, hash checked) is verified.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from certificates.models import Certificate, CertificateJob, CertificateRule, JobStatus
from certificates.services import start_issue_job
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage, ModulePage
from courses.setup import ensure_structure
from lib import servers
from lib.benchdb import load_average, throwaway_database
from lib.text import fold
from people.models import StaffProfile, Unit, User
from people.organisation import load_organisation
from people.roles import Role

COURSE_SLUG = "do-tai-cap-giay-chung-nhan"
USERNAME = "bench-cert-{:06d}"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Minh", "Thị Thu", "Ngọc", "Quốc", "Thanh", "Xuân"]
GIVEN = ["Hồng Nhung", "Ánh Tuyết", "Dũng", "Hương", "Quỳnh", "Thắng", "Trâm", "Đạt", "Yến"]
BATCH = 2000


@dataclass(frozen=True)
class Eligible:
    rule: CertificateRule
    admin: User
    people: int


def _course() -> CoursePage:
    if not CourseIndexPage.objects.exists():
        ensure_structure()
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(
        title="Phân cấp, phân quyền trong lĩnh vực khoa học và công nghệ",
        slug=COURSE_SLUG,
        summary="Khóa học dùng để đo tốc độ cấp giấy chứng nhận.",
        hours=8,
    )
    catalogue.add_child(instance=course)
    module = ModulePage(title="Học phần 1", slug="hoc-phan-1")
    course.add_child(instance=module)
    module.add_child(instance=LessonPage(title="Bài 1: Thẩm quyền cấp tỉnh", slug="bai-1"))
    return course


@transaction.atomic
def build_eligible(count: int) -> Eligible:
    """`count` learners with staff profiles in the provinces' Sở KH&CN, enrolled in a new
    course and done with it, under a rule that issues by hand (bulk), and an admin."""
    if CoursePage.objects.filter(slug=COURSE_SLUG).exists():
        raise RuntimeError("the benchmark's course already exists: use a fresh database")
    load_organisation()
    departments = list(Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).order_by("pk"))
    course = _course()
    rule = CertificateRule.objects.create(course=course, auto_issue=False)
    admin = User.objects.create(username=USERNAME.format(0), password="!")
    admin.groups.add(Group.objects.get_or_create(name=Role.MINISTRY_ADMIN.value)[0])
    learners = Group.objects.get_or_create(name=Role.LEARNER.value)[0]
    names = itertools.cycle(itertools.product(FAMILY, MIDDLE, GIVEN))
    now = timezone.now()
    for start in range(1, count + 1, BATCH):
        numbers = range(start, min(count, start + BATCH - 1) + 1)
        users = User.objects.bulk_create(
            User(
                username=USERNAME.format(n), email=f"{USERNAME.format(n)}@example.vn", password="!"
            )
            for n in numbers
        )
        profiles = []
        for n, user in zip(numbers, users, strict=True):
            name = " ".join(next(names))
            profiles.append(
                StaffProfile(
                    user=user,
                    full_name=name,
                    folded_name=fold(name),
                    unit=departments[n % len(departments)],
                    position="Chuyên viên",
                    staff_code=f"BENCHCERT{n:06d}",
                )
            )
        StaffProfile.objects.bulk_create(profiles)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=learners.pk) for user in users
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                user=user,
                course=course,
                enrolled_by=user,
                lessons_done=1,
                lessons_total=1,
                progress_percent=100,
                completed_at=now,
                last_activity_at=now,
            )
            for user in users
        )
    return Eligible(rule=rule, admin=admin, people=count)


def add_end_to_end_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--end-to-end",
        action="store_true",
        help="also issue --count certificates (records and stored PDFs) through the bulk job, "
        "on --workers Celery workers when a broker is configured, in a throwaway database",
    )
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument(
        "--chunk",
        type=int,
        default=settings.CERTIFICATE_JOB_CHUNK_SIZE,
        help="people per chunk task of the job (CERTIFICATE_JOB_CHUNK_SIZE)",
    )
    parser.add_argument(
        "--worker-settings",
        default=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"),
        help="DJANGO_SETTINGS_MODULE of the workers (default: this one's)",
    )
    parser.add_argument(
        "--queue",
        default="",
        help="the workers' queue, when this process publishes to another than the default "
        "(tests: see config.settings.worker_test)",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="issue in the current database instead of a throwaway one (tests only)",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the job")


class EndToEnd:
    def __init__(self, say: Callable[[str], object], options: dict[str, Any]) -> None:
        self.say = say
        self.options = options

    def run(self, count: int, naive_ms: float, pipeline_ms: float) -> None:
        eager = bool(current_app.conf.task_always_eager)
        if not eager and connection.vendor == "sqlite":
            raise CommandError(
                "Celery workers cannot share SQLite's throwaway database: use PostgreSQL"
            )
        chunk = int(self.options["chunk"])
        if chunk < 1 or self.options["workers"] < 1:
            raise CommandError("--chunk and --workers must be at least 1")
        with (
            tempfile.TemporaryDirectory(prefix="bench-certificates-") as media,
            override_settings(MEDIA_ROOT=media, CERTIFICATE_JOB_CHUNK_SIZE=chunk),
        ):
            if self.options["in_place"]:
                seconds = self._issue(count, eager, media)
            else:
                with throwaway_database("bench_certificates", self.say):
                    seconds = self._issue(count, eager, media)
        rate = count / seconds
        workers = 0 if eager else self.options["workers"]
        self.say(load_average())
        self.say(
            f"RESULT end_to_end certificates={count} workers={workers} "
            f"seconds={seconds:.1f} certs_per_s={rate:.1f} "
            f"naive_ms_per_cert={naive_ms:.1f} pipeline_ms_per_cert={pipeline_ms:.1f} "
            f"pipeline_certs_per_s={1000 / pipeline_ms:.1f}"
        )

    def _env(self, media: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.options["worker_settings"],
            "DATABASE_URL": servers.database_url(connection.settings_dict),
            "MEDIA_ROOT": media,
            "CERTIFICATE_JOB_CHUNK_SIZE": str(self.options["chunk"]),
        }
        if self.options["queue"]:
            env["CELERY_QUEUE"] = self.options["queue"]
        conf = settings.CERTIFICATE_PDF_SIGNING
        if conf["ENABLED"] and conf["PKCS12_PATH"] and not conf["PKCS11_MODULE"]:
            # The signer this run uses (the configured one, or the throwaway PKI's).
            env["PDF_SIGNING_ENABLED"] = "true"
            env["PDF_SIGNING_PKCS12_PATH"] = str(conf["PKCS12_PATH"])
            env["PDF_SIGNING_PKCS12_PASSPHRASE"] = str(conf["PKCS12_PASSPHRASE"])
        return env

    def _start_workers(self, media: str, into: list[Any]) -> None:
        queue = self.options["queue"] or str(current_app.conf.task_default_queue)
        names = [f"bench-cert-{n}-{uuid.uuid4().hex[:6]}" for n in range(self.options["workers"])]
        env = self._env(media)
        logs = Path(media) / "workers.log"
        for name in names:
            into.append(servers.start(servers.celery_worker(queue, name), env, logs))
        expected = {f"{name}@{socket.gethostname()}" for name in names}
        deadline = time.monotonic() + 120
        ready: set[str] = set()
        while ready != expected:
            if time.monotonic() > deadline or any(p.poll() is not None for p in into):
                raise CommandError(f"the workers did not start:\n{logs.read_text()[-3000:]}")
            replies = current_app.control.ping(destination=sorted(expected), timeout=1.0) or []
            ready |= {name for reply in replies for name in reply}
        self.say(
            f"{len(names)} Celery workers (concurrency 1 each, {self.options['worker_settings']}) "
            f"on queue {queue!r}; chunks of {self.options['chunk']} people."
        )

    def _issue(self, count: int, eager: bool, media: str) -> float:
        started = time.perf_counter()
        built = build_eligible(count)
        self.say(
            f"{built.people} eligible learners built in {time.perf_counter() - started:.1f} s."
        )
        with servers.running([]) as workers:
            if eager:
                self.say("No broker configured: the job's tasks run eagerly in this process.")
            else:
                self._start_workers(media, workers)
            started = time.perf_counter()
            job = start_issue_job(built.admin, built.rule, notify=False)
            self._wait(job, workers)
            seconds = time.perf_counter() - started
        self.say(f"Issued {count} certificates in {seconds:.1f} s (records and stored PDFs).")
        self._verify(built.rule, count)
        return seconds

    def _wait(self, job: CertificateJob, workers: list[Any]) -> None:
        deadline = time.monotonic() + float(self.options["timeout"])
        while True:
            job.refresh_from_db()
            if job.status == JobStatus.DONE:
                break
            if job.status == JobStatus.FAILED:
                raise CommandError(f"the job failed: {job.error}")
            if time.monotonic() > deadline:
                raise CommandError(f"the job did not finish: {job.done} of {job.total} done")
            if workers and all(p.poll() is not None for p in workers):
                raise CommandError("every worker exited before the job was done")
            time.sleep(0.25)
        if job.failed or job.done != job.total:
            raise CommandError(f"{job.failed} failed, {job.done} of {job.total} done")

    def _verify(self, rule: CertificateRule, count: int) -> None:
        certificates = Certificate.objects.filter(rule=rule, status="valid")
        found = certificates.count()
        if found != count:
            raise CommandError(f"{found} valid certificate records for {count} people")
        serials = set()
        signed = bool(settings.CERTIFICATE_PDF_SIGNING["ENABLED"])
        for certificate in certificates.only("serial", "pdf", "pdf_sha256").iterator():
            with default_storage.open(certificate.pdf.name or "", "rb") as handle:
                data = handle.read()
            if not data.startswith(b"%PDF-"):
                raise CommandError(f"{certificate.pdf.name} is not a PDF")
            if signed and b"/ByteRange" not in data:
                raise CommandError(f"{certificate.pdf.name} is not signed")
            if hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
                raise CommandError(f"{certificate.pdf.name} does not match its recorded hash")
            serials.add(certificate.serial)
        if len(serials) != count:
            raise CommandError("a serial number was used twice")
        self.say(
            f"Verified {count} certificate records, {count} distinct serials and {count} stored "
            f"PDFs (read back, SHA-256 match{', signed' if signed else ''})."
        )
