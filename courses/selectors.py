"""Read queries shared by pages, views and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from wagtail.models import Page, ReferenceIndex

from courses.models import (
    CoursePage,
    DecentralisedTask,
    Enrolment,
    EnrolmentBatch,
    Field,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from lib.ranking import by_relevance, weighted
from lib.text import fold
from people.models import User
from people.scope import scope_to

# How much a query's tokens found in each part of a course count towards its rank.
TITLE_WEIGHT, SUMMARY_WEIGHT, OTHER_WEIGHT = 4, 2, 1


def _course_tokens(course: CoursePage) -> list[str]:
    return weighted(
        (course.title, TITLE_WEIGHT),
        (course.summary, SUMMARY_WEIGHT),
        (course.folded_text, OTHER_WEIGHT),
    )


def catalogue(*, query: str = "", field: Field | None = None) -> list[CoursePage]:
    """Published courses, optionally in one field and matching every word of `query`.

    Without a query they come in catalogue order; with one, most relevant first by the
    assistant's BM25 over folded syllables and pairs (lib.ranking), ties in catalogue order.
    """
    courses = CoursePage.objects.live().public().select_related("field").order_by("path")
    if field is not None:
        courses = courses.filter(field=field)
    words = fold(query).split()
    for word in words:
        courses = courses.filter(folded_text__contains=word)
    found = list(courses)
    if words:
        found = by_relevance(query, found, _course_tokens)
    return found


def lessons_of(course: CoursePage) -> QuerySet[LessonPage]:
    """The course's published lessons in reading order."""
    return LessonPage.objects.live().descendant_of(course).order_by("path")


def course_of(page: LessonPage | ModulePage) -> CoursePage:
    return CoursePage.objects.ancestor_of(page).get()


def enrolment_of(user: User | AnonymousUser, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def live_enrolment_above(user: User | AnonymousUser, page: Page) -> Enrolment | None:
    """The user's enrolment in the live course that `page` sits in, in one indexed query.

    The ancestors' paths are cut from the page's own tree path, so the course is not fetched.
    """
    if not user.is_authenticated:
        return None
    step = Page.steplen
    ancestors = [page.path[:end] for end in range(step, len(page.path), step)]
    return (
        Enrolment.objects.filter(user=user, course__live=True, course__path__in=ancestors)
        .only("pk", "user_id", "course_id")
        .first()
    )


def done_lesson_ids(user: User | AnonymousUser, course: CoursePage) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        LessonCompletion.objects.filter(
            user=user, lesson__in=lessons_of(course).values("pk")
        ).values_list("lesson_id", flat=True)
    )


def next_lesson(user: User, course: CoursePage) -> LessonPage | None:
    """The first lesson in reading order that `user` has not done, else the first lesson."""
    lessons = lessons_of(course)
    pending = lessons.exclude(completions__user=user).first()
    return pending or lessons.first()


@dataclass(frozen=True)
class ModuleOutline:
    module: ModulePage
    lessons: list[LessonPage]


def course_outline(course: CoursePage, user: User | AnonymousUser) -> dict[str, Any]:
    """Modules with their lessons, and the viewer's enrolment and progress in the course."""
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    lessons = list(lessons_of(course))
    by_module: dict[str, list[LessonPage]] = {m.path: [] for m in modules}
    for lesson in lessons:
        parent_path = lesson.path[: -LessonPage.steplen]
        if parent_path in by_module:
            by_module[parent_path].append(lesson)
    enrolment = enrolment_of(user, course)
    return {
        "outline": [ModuleOutline(m, by_module[m.path]) for m in modules],
        "lesson_count": len(lessons),
        "enrolment": enrolment,
        "done_ids": done_lesson_ids(user, course) if enrolment else set(),
        "resume_lesson": next_lesson(user, course) if enrolment else None,  # type: ignore[arg-type]
    }


def lesson_state(lesson: LessonPage, user: User | AnonymousUser) -> dict[str, Any]:
    """Where the lesson sits in its course, and whether the viewer has done it."""
    course = course_of(lesson)
    lessons = list(lessons_of(course).only("pk", "title", "url_path", "path"))
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    enrolment = enrolment_of(user, course)
    done = (
        enrolment is not None
        and LessonCompletion.objects.filter(user=enrolment.user_id, lesson=lesson).exists()
    )
    return {
        "course": course,
        "module": lesson.get_parent().specific,
        "enrolment": enrolment,
        "is_done": done,
        "previous_lesson": lessons[index - 1] if index else None,
        "next_lesson": lessons[index + 1]
        if index is not None and index + 1 < len(lessons)
        else None,
        "position": (index or 0) + 1,
        "lesson_count": len(lessons),
    }


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment: Enrolment
    resume_lesson: LessonPage | None


def my_enrolments(user: User) -> list[EnrolmentRow]:
    """The learner's enrolments in published courses, unfinished first, with where to resume."""
    enrolments = (
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "course__field")
        .order_by("completed_at", "-last_activity_at", "-enrolled_at")
    )
    return [EnrolmentRow(e, next_lesson(user, e.course)) for e in enrolments]


def visible_enrolments(viewer: User | AnonymousUser) -> QuerySet[Enrolment]:
    """Enrolments the viewer may look at: their own, their province's, or all."""
    return scope_to(
        viewer,
        Enrolment.objects.select_related("user__profile__unit", "course"),
        province="user__profile__unit__province",
        person="user",
    )


def enrolment_detail(viewer: User | AnonymousUser, pk: int) -> Enrolment:
    """One enrolment the viewer may see, or 404."""
    return get_object_or_404(visible_enrolments(viewer), pk=pk)


def tasks(
    *, query: str = "", field: Field | None = None, to_level: str = "", kind: str = ""
) -> QuerySet[DecentralisedTask]:
    """The decentralised-task catalogue, filtered and searched accent-insensitively."""
    found = DecentralisedTask.objects.select_related("field")
    if field is not None:
        found = found.filter(field=field)
    if to_level:
        found = found.filter(to_level=to_level)
    if kind:
        found = found.filter(kind=kind)
    for word in fold(query).split():
        found = found.filter(folded_text__contains=word)
    return found


def lessons_citing(task: DecentralisedTask) -> QuerySet[LessonPage]:
    """Published lessons whose body links the task card (from Wagtail's reference index)."""
    page_ids = (
        ReferenceIndex.get_references_to(task)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return LessonPage.objects.live().public().filter(pk__in=[int(pk) for pk in page_ids])


def undoable_batches(actor: User, now: datetime.datetime | None = None) -> list[EnrolmentBatch]:
    """The actor's bulk enrolments that can still be undone today (Vietnam time)."""
    return list(
        EnrolmentBatch.objects.undoable_by(actor.pk, now)
        .filter(created_count__gt=0)
        .select_related("course")
    )
