"""The load test's data: a published course (lessons, then a quiz of the six demo questions with
unlimited attempts and no time limit) and N enrolled learners who sign in with a password.

Idempotent: the course, its pages and the learners are found by slug and username before
anything is created, and every run gives the learners one new random password (hashed once for
all of them: a benchmark's accounts, never real people's). The result is the plan the
locustfile reads (`loadtest/locustfile.py`): the URLs of the learner's path and the accounts.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrol
from courses.setup import ensure_structure
from people.models import User
from quizzes.demo import demo_bank
from quizzes.models import QuizPage, QuizSlot, SlotKind

COURSE_SLUG = "do-tai-lo-trinh-hoc-vien"
QUIZ_SLUG = "kiem-tra-do-tai"
USERNAME = "loadtest-{}"
LESSONS = 5


def _paragraph(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]


def _course() -> CoursePage:
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is not None:
        return course
    if not CourseIndexPage.objects.exists():
        ensure_structure()  # what migrate does on a fresh database
    catalogue = CourseIndexPage.objects.get()
    course = CoursePage(
        title="Đo tải: lộ trình của học viên",
        slug=COURSE_SLUG,
        summary="Khóa học dùng để đo tải lộ trình học: bài học, đánh dấu hoàn thành, bài kiểm tra.",
        objectives="Đọc bài học\nLàm bài kiểm tra",
    )
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    return course


def _module(course: CoursePage) -> ModulePage:
    module = ModulePage.objects.child_of(course).first()
    if module is not None:
        return module
    module = ModulePage(title="Học phần 1: phân cấp, phân quyền", slug="hoc-phan-1")
    course.add_child(instance=module)
    module.save_revision().publish()
    return module


def _lessons(module: ModulePage) -> list[LessonPage]:
    existing = {page.slug: page for page in LessonPage.objects.child_of(module).specific()}
    lessons = []
    for number in range(1, LESSONS + 1):
        slug = f"bai-{number}"
        lesson = existing.get(slug)
        if lesson is None:
            lesson = LessonPage(
                title=f"Bài {number}: nhiệm vụ được phân cấp cho địa phương",
                slug=slug,
                minutes=10,
                body=_paragraph(
                    "Nghị định 133/2025/NĐ-CP chuyển 78 nhiệm vụ về chính quyền cấp tỉnh: "
                    "16 nhiệm vụ phân quyền và 62 nhiệm vụ phân cấp. " * 20
                ),
            )
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
        lessons.append(lesson)
    return lessons


def _quiz(module: ModulePage) -> QuizPage:
    quiz = QuizPage.objects.child_of(module).filter(slug=QUIZ_SLUG).first()
    if quiz is not None:
        return quiz
    quiz = QuizPage(
        title="Kiểm tra đo tải",
        slug=QUIZ_SLUG,
        minutes=10,
        time_limit_minutes=None,
        attempts_allowed=0,
        pass_mark=70,
        shuffle_answers=True,
        body=_paragraph("Sáu câu hỏi ôn tập, làm lại không giới hạn số lần."),
    )
    for order, question in enumerate(demo_bank()):
        quiz.slots.add(QuizSlot(kind=SlotKind.FIXED, question=question, sort_order=order))
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


def prepare(learners: int) -> dict[str, Any]:
    """Create (or reuse) the course and `learners` enrolled learners; the locustfile's plan."""
    with transaction.atomic():
        course = _course()
        module = _module(course)
        lessons = _lessons(module)
        quiz = _quiz(module)
    catalogue = CourseIndexPage.objects.get()
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)
    accounts = []
    for index in range(1, learners + 1):
        username = USERNAME.format(index)
        with transaction.atomic():
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@loadtest.invalid", "first_name": "Học viên"},
            )
            user.password = hashed
            user.save(update_fields=["password"])
            enrol(user, course)
        accounts.append({"username": username, "password": password})
    return {
        "catalogue": catalogue.url,
        "course": course.url,
        "lessons": [lesson.url for lesson in lessons],
        "quiz": quiz.url,
        "learners": accounts,
    }
