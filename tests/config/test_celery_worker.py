"""A real Celery worker process consumes a real task through Redis against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from courses import services
from courses.models import Enrolment, LessonPage
from courses.tasks import recompute_course_progress
from tests.factories import make_course, make_person

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _worker_env(queue: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.worker_test",
    }
    env["CELERY_QUEUE"] = queue
    return env


def test_real_worker_recomputes_progress_through_redis():
    learner = make_person()
    course = make_course()
    services.enrol(learner, course)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path")[:2]:
        services.complete_lesson(learner, lesson)
    Enrolment.objects.update(lessons_done=0, progress_percent=0)  # stale, as after a bulk change
    connection.close()

    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        env=_worker_env(queue),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"]
    try:
        recompute_course_progress.apply_async((course.pk,), queue=queue)
        deadline = time.monotonic() + 90
        enrolment = Enrolment.objects.get()
        while time.monotonic() < deadline and enrolment.progress_percent != 50:
            time.sleep(0.5)
            enrolment.refresh_from_db()
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert enrolment.progress_percent == 50, output[-3000:]
    assert enrolment.lessons_done == 2
    assert "recompute_course_progress" in output
    assert "succeeded" in output


def test_healthz_sees_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "mode": "broker"}
