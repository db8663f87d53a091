from __future__ import annotations

import pytest

from courses import services as course_services
from people.roles import Role
from quizzes.models import QuestionKind
from tests.factories import make_course, make_person
from tests.quizzes.factories import make_question, make_quiz


@pytest.fixture
def course(db):
    return make_course(modules=1, lessons_per_module=1)


@pytest.fixture
def learner(course):
    user = make_person(Role.LEARNER)
    course_services.enrol(user, course)
    return user


@pytest.fixture
def questions(course):
    """One question of every type, in the order of QuestionKind."""
    return {kind: make_question(kind, name=f"Câu {kind}") for kind in QuestionKind.values}


@pytest.fixture
def quiz(course, questions):
    return make_quiz(course, list(questions.values()), time_limit_minutes=20, pass_mark=60)
