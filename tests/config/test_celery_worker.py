"""A real Celery worker process consumes a real task through Redis against the test database."""

from __future__ import annotations

import os

import pytest

from courses import services
from courses.models import Enrolment, LessonPage
from courses.tasks import recompute_course_progress
from people.roles import Role
from reports.models import CourseFact, ExportJob
from reports.tasks import run_export_job
from tests.celery_workers import running_worker, wait_for
from tests.factories import make_course, make_person

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_real_worker_recomputes_progress_through_redis():
    learner = make_person()
    course = make_course()
    services.enrol(learner, course)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path")[:2]:
        services.complete_lesson(learner, lesson)
    Enrolment.objects.update(lessons_done=0, progress_percent=0)  # stale, as after a bulk change
    CourseFact.objects.update(progress_percent=0)

    with running_worker() as worker:
        recompute_course_progress.apply_async((course.pk,), queue=worker.queue)
        wait_for(lambda: Enrolment.objects.get().progress_percent == 50)
    log = worker.log
    enrolment = Enrolment.objects.get()
    assert enrolment.progress_percent == 50, log[-3000:]
    assert enrolment.lessons_done == 2
    # The worker's service call kept the report facts in step, in the same transaction.
    assert CourseFact.objects.get().progress_percent == 50
    assert "recompute_course_progress" in log
    assert "succeeded" in log


def test_real_worker_writes_a_queued_report_export():
    admin = make_person(Role.MINISTRY_ADMIN)
    course = make_course()
    for _ in range(3):
        services.enrol(make_person(), course)
    job = ExportJob.objects.create(owner=admin, report="learners", format="xlsx")

    with running_worker() as worker:
        run_export_job.apply_async((str(job.pk),), queue=worker.queue)
        wait_for(lambda: ExportJob.objects.get().status == ExportJob.Status.DONE)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, worker.log[-3000:]
    assert (job.total_rows, job.rows_written) == (3, 3)
    assert job.file.name.endswith(".xlsx") and job.filename.startswith("hoc-vien-khoa-hoc-")


def test_healthz_sees_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "mode": "broker"}
