"""Real `celery worker` processes for tests that need PostgreSQL and Redis, and a dead broker
for tests that need one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from config.celery import app


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen[str] | None = None
    output: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.output)


def _worker_env(queue: str, extra: dict[str, str]) -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.worker_test",
        # The worker's own follow-up tasks (and ours, see use_broker) go to this test's queue.
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def start_worker(queue: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
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
        env=_worker_env(queue, extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@contextmanager
def use_broker(url: str, *, queue: str = "celery") -> Iterator[None]:
    """Publish to `url` (not eagerly) inside the block; producers are rebuilt on both ends."""
    conf = app.conf
    # Publishers connect to broker_write_url; broker_url would lose to CELERY_BROKER_URL.
    saved = (conf.task_always_eager, conf.get("broker_write_url"), conf.task_default_queue)
    conf.task_always_eager, conf.broker_write_url, conf.task_default_queue = False, url, queue
    _drop_producers()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_write_url, conf.task_default_queue = saved
        _drop_producers()


def _drop_producers() -> None:
    # kombu keeps one producer pool per broker URL; the app must look its pool up again.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def running_worker(**extra: str) -> Iterator[Worker]:
    """A `celery worker` process on a queue of its own; its output is in `worker.output` once
    the block ends."""
    connection.close()
    worker = Worker(queue=f"test-{uuid.uuid4().hex[:8]}")
    worker.process = start_worker(worker.queue, **extra)
    try:
        with use_broker(os.environ["CELERY_BROKER_URL"], queue=worker.queue):
            yield worker
    finally:
        stop(worker)


def stop(worker: Worker) -> None:
    process = worker.process
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
    worker.output.append(process.communicate(timeout=30)[0] or "")
    worker.process = None


def wait_for(check: Callable[[], bool], seconds: float = 90, every: float = 0.5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()
