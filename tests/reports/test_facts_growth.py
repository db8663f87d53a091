"""Keeping facts current must not cost more as the country grows: a learner's lesson reads
only their course's quizzes, however many quizzes there are."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services as course_services
from courses.models import CoursePage, LessonPage
from quizzes.models import QuizPage
from tests.factories import make_course, make_person
from tests.quizzes.factories import make_quiz

pytestmark = pytest.mark.django_db


def complete_a_lesson(quizzes: int) -> tuple[int, list[str]]:
    """Queries run when a learner completes a lesson of a course with `quizzes` quizzes, while
    ten other courses hold a quiz each."""
    for n in range(10):
        make_quiz(make_course(title=f"Khóa khác {quizzes}-{n}", modules=1, lessons_per_module=1))
    course: CoursePage = make_course(title=f"Khóa có {quizzes} bài kiểm tra", modules=1)
    for n in range(quizzes):
        make_quiz(course, slug=f"kiem-tra-{n}", title=f"Kiểm tra {n}")
    learner = make_person()
    course_services.enrol(learner, course)
    lesson = LessonPage.objects.live().descendant_of(course).not_exact_type(QuizPage).first()
    with CaptureQueriesContext(connection) as queries:
        course_services.complete_lesson(learner, lesson)
    return len(queries), [q["sql"] for q in queries.captured_queries]


def test_lesson_completion_queries_do_not_grow_with_the_course_quizzes() -> None:
    one, _ = complete_a_lesson(1)
    ten, _ = complete_a_lesson(10)
    assert one == ten


def test_lesson_completion_reads_only_its_course_quizzes() -> None:
    _, sql = complete_a_lesson(1)
    quiz_reads = [q for q in sql if re.search(r'FROM "quizzes_quizpage"', q)]
    assert quiz_reads
    # Every read of quiz pages is narrowed to the course's subtree.
    assert all("LIKE" in q and '"path"' in q for q in quiz_reads), quiz_reads
