"""Publishing a lesson in a course with many learners recomputes their progress (and facts) in
set-based chunks: the number of queries grows with the number of chunks, never with the
number of enrolments in a chunk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from courses.models import CoursePage, Enrolment, LessonCompletion, LessonPage
from people.models import User
from reports.models import CourseFact
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def course_with_learners(learners: int, title: str) -> CoursePage:
    """A course of four lessons whose learners have done 0, 1, 2 or 3 of them."""
    course: CoursePage = make_course(title=title)
    lessons = list(selectors.lessons_of(course))
    users = User.objects.bulk_create(
        User(username=f"{title}.{n}", password="!") for n in range(learners)
    )
    Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course, lessons_total=len(lessons)) for user in users
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson)
        for n, user in enumerate(users)
        for lesson in lessons[: n % 4]
    )
    return course


def queries_to_recompute(learners: int, chunk: int) -> int:
    course = course_with_learners(learners, f"k{learners}")
    module = course.get_children().first()
    assert module is not None
    module.add_child(instance=LessonPage(title="Bài mới", slug="bai-moi"))
    with CaptureQueriesContext(connection) as queries:
        assert services.recompute_course(course.pk, chunk=chunk) == learners
    stored = Enrolment.objects.filter(course=course)
    assert set(stored.values_list("lessons_total", flat=True)) == {5}
    assert sorted(set(stored.values_list("lessons_done", "progress_percent"))) == [
        (0, 0),
        (1, 20),
        (2, 40),
        (3, 60),
    ]
    # The facts followed, through the one signal sent per chunk.
    assert CourseFact.objects.filter(course=course, lessons_total=5).count() == learners
    return len(queries)


PER_CHUNK = 16


def test_queries_grow_with_chunks_not_enrolments() -> None:
    # Five at a time: 2 chunks for 10 enrolments, 20 for 100.
    ten, hundred = queries_to_recompute(10, chunk=5), queries_to_recompute(100, chunk=5)
    per_chunk, rest = divmod(hundred - ten, 20 - 2)
    assert rest == 0, (ten, hundred)
    # 15 today (read, count, write, the facts of the chunk's people, savepoints), not six
    # per enrolment as when each enrolment was saved and announced on its own.
    assert per_chunk <= PER_CHUNK, (ten, hundred)


def test_recomputing_again_writes_nothing() -> None:
    course = course_with_learners(20, "lai")
    services.recompute_course(course.pk, chunk=5)
    facts_before = list(CourseFact.objects.order_by("pk").values_list("pk", "updated_at"))
    services.recompute_course(course.pk, chunk=5)
    assert list(CourseFact.objects.order_by("pk").values_list("pk", "updated_at")) == facts_before
