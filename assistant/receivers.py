"""Re-cut passages after the content they quote changes (after the commit, in Celery)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from assistant import tasks
from courses.models import DecentralisedTask, LessonPage
from jobs.dispatch import enqueue
from training.models import Question
from training.signals import answer_published


def _lesson_changed(instance: Any) -> None:
    page = getattr(instance, "specific", instance)
    if isinstance(page, LessonPage):
        enqueue(tasks.index_lesson, page.pk)


@receiver(page_published)
def page_published_(sender: type, instance: Any, **kwargs: Any) -> None:
    _lesson_changed(instance)


@receiver(page_unpublished)
def page_unpublished_(sender: type, instance: Any, **kwargs: Any) -> None:
    _lesson_changed(instance)


@receiver(post_delete)
def page_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, LessonPage):
        enqueue(tasks.index_lesson, instance.pk)


@receiver(post_save, sender=DecentralisedTask)
@receiver(post_delete, sender=DecentralisedTask)
def task_changed(sender: type, instance: DecentralisedTask, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        enqueue(tasks.index_task, instance.pk)


@receiver(answer_published)
def answer_published_(sender: type, question: Question, **kwargs: Any) -> None:
    enqueue(tasks.index_answer, question.pk)


@receiver(post_delete, sender=Question)
def question_deleted(sender: type, instance: Question, **kwargs: Any) -> None:
    enqueue(tasks.index_answer, instance.pk)
