"""Keep the passages in step with the content: one function per kind of source, and a rebuild.

Each replaces a source's passages in one transaction and moves the index version, saving the
ranking for the new version before the commit, so every web process maps it on its next
question (see assistant.search and assistant.store).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import F

from assistant import passages, search
from assistant.models import IndexState, Passage, PassageKind
from courses.models import DecentralisedTask, LessonPage
from training.models import Question


def bump_version() -> str:
    """Tell every process that the passages changed, with their ranking saved for the new
    stamp. Called inside the transaction that changed them: the row lock taken here makes
    concurrent rebuilds wait for each other, so each saves what it committed."""
    stamp = uuid.uuid4().hex
    updated = IndexState.objects.filter(pk=1).update(version=F("version") + 1, stamp=stamp)
    if not updated:
        IndexState.objects.update_or_create(pk=1, defaults={"version": 1, "stamp": stamp})
    search.persist(stamp)
    return stamp


def _replace(kind: str, source_id: int, fresh: list[Passage] | None, *, exists: bool) -> int:
    """Store `fresh` as the source's passages; None withdraws them (kept unpublished while
    the source exists, deleted with it)."""
    with transaction.atomic():
        current = Passage.objects.filter(kind=kind, source_id=source_id)
        if fresh is None:
            if exists:
                current.update(published=False)
            else:
                current.delete()
        else:
            current.delete()
            Passage.objects.bulk_create(fresh)
        bump_version()
    return len(fresh or [])


def index_task(task_id: int) -> int:
    task = DecentralisedTask.objects.select_related("field").filter(pk=task_id).first()
    fresh = passages.task_passages(task) if task else None
    return _replace(PassageKind.TASK, task_id, fresh, exists=task is not None)


def index_lesson(page_id: int) -> int:
    lesson = passages.visible_lessons().filter(pk=page_id).first()
    exists = lesson is not None or LessonPage.objects.filter(pk=page_id).exists()
    fresh = passages.lesson_passages(lesson) if lesson else None
    return _replace(PassageKind.LESSON, page_id, fresh, exists=exists)


def index_answer(question_id: int) -> int:
    question = (
        passages.visible_answers()
        .select_related("field", "task", "assigned_unit")
        .filter(pk=question_id)
        .first()
    )
    exists = question is not None or Question.objects.filter(pk=question_id).exists()
    fresh = passages.faq_passages(question) if question else None
    return _replace(PassageKind.FAQ, question_id, fresh, exists=exists)


@transaction.atomic
def rebuild_index() -> dict[str, int]:
    """Cut every published source again; counts of passages by kind."""
    fresh: list[Passage] = []
    for task in DecentralisedTask.objects.select_related("field"):
        fresh += passages.task_passages(task)
    for lesson in passages.visible_lessons().order_by("path"):
        fresh += passages.lesson_passages(lesson)
    for question in passages.visible_answers().select_related("field", "task", "assigned_unit"):
        fresh += passages.faq_passages(question)
    Passage.objects.all().delete()
    Passage.objects.bulk_create(fresh, batch_size=500)
    bump_version()
    return {kind: sum(1 for p in fresh if p.kind == kind) for kind in PassageKind.values}
