"""Statements in batches: one request stores them all with a bounded number of queries, and every
check (enrolment, signed player token, actor) still refuses the whole batch."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from courses.models import LessonCompletion
from courses.services import enrol
from people.roles import Role
from quizzes.h5p.models import H5PResult, XAPIStatement
from quizzes.h5p.services import actor_mail
from tests.factories import make_course, make_person
from tests.quizzes.h5p.factories import make_activity, make_content, player_token, statement

pytestmark = pytest.mark.django_db

# Session, user, page with content, enrolment, result lock, one insert, the lesson's completion,
# the result's update, and the test transaction's savepoint pair: whatever the batch size.
MAX_QUERIES = 10


@pytest.fixture
def activity(course):
    return make_activity(course, make_content())


@pytest.fixture
def enrolled(learner, course):
    enrol(learner, course)
    return learner


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(user, page, statements, *, token: str | None = None, client: Client | None = None):
    client = client or _signed_in(user)
    body = {
        "statement": statements,
        "player_token": player_token(user, page) if token is None else token,
    }
    return client.post(
        f"/api/v1/h5p/pages/{page.pk}/statements/",
        data=json.dumps(body),
        content_type="application/json",
    )


def _interaction(user, page) -> list[dict]:
    """What a player sends when a question is answered: sub-content progress, then the
    top-level answered and completed statements with the score."""
    return [
        statement(user, page, "progressed", sub_content=True),
        statement(user, page, "answered", score=3, max_score=4, success=False),
        statement(user, page, "completed", score=4, max_score=4),
    ]


def test_a_batch_is_stored_in_order_and_folded_into_one_result(enrolled, activity):
    batch = [statement(enrolled, activity, "attempted"), *_interaction(enrolled, activity)]
    response = _post(enrolled, activity, batch)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["stored"], body["score"], body["max_score"], body["lesson_done"]) == (
        4,
        4,
        4,
        True,
    )
    stored = list(XAPIStatement.objects.order_by("pk"))
    assert [s.verb for s in stored] == ["attempted", "progressed", "answered", "completed"]
    assert [s.statement for s in stored] == batch
    assert [s.top_level for s in stored] == [True, False, True, True]
    assert {s.attempt for s in stored} == {1}
    result = H5PResult.objects.get(user=enrolled)
    assert (result.score, result.scaled, result.success, result.attempts) == (4, 1, True, 1)
    assert LessonCompletion.objects.filter(user=enrolled, lesson=activity).count() == 1


def test_queries_do_not_grow_with_the_batch(enrolled, activity, django_assert_max_num_queries):
    client = _signed_in(enrolled)
    # The first completion recomputes course progress once; measure the steady state after it.
    assert _post(enrolled, activity, _interaction(enrolled, activity)).status_code == 200
    one_statement = statement(enrolled, activity, "answered")
    token = player_token(enrolled, activity)
    with django_assert_max_num_queries(MAX_QUERIES):
        one = _post(enrolled, activity, one_statement, token=token, client=client)
    assert one.status_code == 200, one.content
    batch = [s for _ in range(8) for s in _interaction(enrolled, activity)]
    with django_assert_max_num_queries(MAX_QUERIES):
        many = _post(enrolled, activity, batch, token=token, client=client)
    assert many.status_code == 200, many.content
    assert many.json()["stored"] == 24
    assert XAPIStatement.objects.count() == 3 + 1 + 24


def test_first_statement_of_a_learner_also_stays_bounded(
    enrolled, activity, django_assert_max_num_queries
):
    client = _signed_in(enrolled)
    progressed = [statement(enrolled, activity, "progressed", sub_content=True)] * 5
    token = player_token(enrolled, activity)
    # No result yet (get_or_create inserts it) and nothing completed: progress only.
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        response = _post(enrolled, activity, progressed, token=token, client=client)
    assert response.status_code == 200, response.content
    assert XAPIStatement.objects.count() == 5


def test_one_statement_about_another_learner_refuses_the_whole_batch(enrolled, activity):
    other = make_person(Role.LEARNER)
    forged = statement(enrolled, activity, "completed", mbox=f"mailto:{actor_mail(other)}")
    response = _post(enrolled, activity, [*_interaction(enrolled, activity)[:2], forged])
    assert response.status_code == 400
    assert XAPIStatement.objects.count() == 0 and H5PResult.objects.count() == 0
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", "another_learner", "another_activity"])
def test_a_batch_without_the_learners_signed_player_is_refused(enrolled, activity, course, token):
    other = make_person(Role.LEARNER)
    enrol(other, course)
    other_page = make_activity(course, activity.content)
    signed = player_token(enrolled, activity)
    tokens = {
        "": "",
        "forged": signed[:-2] + ("AA" if not signed.endswith("AA") else "BB"),
        "another_learner": player_token(other, activity),
        "another_activity": player_token(enrolled, other_page),
    }
    response = _post(enrolled, activity, _interaction(enrolled, activity), token=tokens[token])
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0 and H5PResult.objects.count() == 0


def test_a_batch_from_a_learner_enrolled_elsewhere_is_refused(learner, activity):
    # Enrolled in another live course, not the one this activity sits in.
    enrol(learner, make_course(modules=1, lessons_per_module=1))
    response = _post(learner, activity, _interaction(learner, activity))
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0 and H5PResult.objects.count() == 0


def test_a_batch_in_an_unpublished_course_is_refused(enrolled, activity, course):
    course.unpublish()
    response = _post(enrolled, activity, _interaction(enrolled, activity))
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0


def test_an_empty_or_oversized_batch_is_refused(enrolled, activity):
    assert _post(enrolled, activity, []).status_code == 400
    too_many = [statement(enrolled, activity, "progressed", sub_content=True)] * 51
    assert _post(enrolled, activity, too_many).status_code == 400
    assert XAPIStatement.objects.count() == 0
