"""Celery tasks for the assistant: thin wrappers around assistant.indexing, safe to retry."""

from celery import shared_task

from assistant import indexing


@shared_task(acks_late=True)
def index_task(task_id: int) -> int:
    return indexing.index_task(task_id)


@shared_task(acks_late=True)
def index_lesson(page_id: int) -> int:
    return indexing.index_lesson(page_id)


@shared_task(acks_late=True)
def index_answer(question_id: int) -> int:
    return indexing.index_answer(question_id)


@shared_task(acks_late=True)
def rebuild_index() -> dict[str, int]:
    return indexing.rebuild_index()
