from __future__ import annotations

import pytest

from people.roles import Role
from tests.factories import make_course, make_person


@pytest.fixture
def trainer(db):
    return make_person(Role.TRAINER, user__username="giangvien.scorm")


@pytest.fixture
def learner(db):
    return make_person(Role.LEARNER, user__username="hocvien.scorm")


@pytest.fixture
def other_learner(db):
    return make_person(Role.LEARNER, user__username="hocvien.khac")


@pytest.fixture
def course(db):
    return make_course(modules=1, lessons_per_module=1)
