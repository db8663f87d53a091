"""One way to queue a task: recorded with the caller's transaction, sent to the broker after it.

A broker that cannot be reached is logged, never raised: the caller's work is already saved,
the row stays in PendingTask, the request is told (see jobs.middleware) and the sweeper sends
the task when the broker is back.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from functools import partial
from typing import Any

from celery import current_app
from celery.app.task import Task
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError

from jobs.models import PendingTask

logger = logging.getLogger(__name__)

# What a publisher raises when the broker is down or refuses the connection.
BROKER_ERRORS: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, OSError)

# Tasks that could not reach the broker during the current request (set by the middleware).
undelivered: ContextVar[list[str] | None] = ContextVar("undelivered", default=None)


def enqueue(task: Task | str, *args: Any) -> PendingTask:
    """Record `task(*args)` now and hand it to the broker once the transaction commits."""
    name = task if isinstance(task, str) else task.name
    pending = PendingTask.objects.create(task=name, args=list(args))
    transaction.on_commit(partial(send, pending.pk, name, list(args)))
    return pending


def send(pending_id: int, task_name: str, args: list[Any]) -> bool:
    """Give one recorded task to the broker; True when it took it (the record is dropped)."""
    task = _task(task_name)
    if current_app.conf.task_always_eager:
        # No broker: the task runs here, and whatever it raises is its own failure, delivered.
        try:
            task.apply_async(args)
        finally:
            PendingTask.objects.filter(pk=pending_id).delete()
        return True
    try:
        task.apply_async(args)
    except BROKER_ERRORS as exc:
        logger.warning("Broker unreachable; %s(%s) waits for the sweeper: %s", task_name, args, exc)
        PendingTask.objects.filter(pk=pending_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        failures = undelivered.get()
        if failures is not None:
            failures.append(task_name)
        return False
    PendingTask.objects.filter(pk=pending_id).delete()
    return True


def _task(name: str) -> Task:
    tasks = current_app.tasks
    if name not in tasks:
        # A sweeper may meet a task whose module this process has not imported yet.
        current_app.loader.import_default_modules()
    return tasks[name]
