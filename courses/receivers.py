"""Keep stored progress right when a course's set of published lessons changes."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from courses.models import CoursePage, LessonPage
from jobs.dispatch import enqueue


def _course_changed(instance: Any) -> None:
    page = getattr(instance, "specific", instance)
    if not isinstance(page, LessonPage):
        return
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None:
        return
    from courses.tasks import recompute_course_progress

    enqueue(recompute_course_progress, course.pk)


@receiver(page_published)
def lesson_published(sender: type, instance: Any, **kwargs: Any) -> None:
    _course_changed(instance)


@receiver(page_unpublished)
def lesson_unpublished(sender: type, instance: Any, **kwargs: Any) -> None:
    _course_changed(instance)
