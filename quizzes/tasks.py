"""Celery tasks of quizzes: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from quizzes import services


@shared_task
def finish_overdue_attempts() -> int:
    """Grade attempts left open past their deadline (run every few minutes by beat)."""
    return services.finish_overdue_attempts()
