"""xAPI statements and resume state through the API: CSRF, enrolment, ownership, derivation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client

from courses.models import LessonCompletion
from courses.services import enrol
from people.roles import Role
from quizzes.h5p.models import H5PResult, H5PUserData, XAPIStatement
from quizzes.h5p.services import actor_mail, completes_lesson
from tests.factories import make_course, make_person
from tests.quizzes.h5p.factories import make_activity, make_content, player_token, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(course):
    return make_activity(course, make_content())


@pytest.fixture
def enrolled(learner, course):
    enrol(learner, course)
    return learner


def _client(user, *, csrf: bool = False) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    token = ""
    if csrf:
        client.get("/khoa-hoc/")  # sets the csrftoken cookie
        token = client.cookies["csrftoken"].value
    return client, token


def _post(client, page, body, *, kind="statements", token=""):
    if kind == "statements":
        # From the player issued to the signed-in learner a minute ago.
        user_id = int(client.session["_auth_user_id"])
        body = {"player_token": player_token(user_id, page), **body}
    return client.post(
        f"/api/v1/h5p/pages/{page.pk}/{kind}/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": token} if token else {},
    )


def test_answered_statement_is_stored_raw_and_completes_the_lesson(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    attempted = statement(enrolled, activity, "attempted")
    answered = statement(enrolled, activity, "answered")
    assert _post(client, activity, {"statement": attempted}, token=token).status_code == 200
    response = _post(client, activity, {"statement": answered}, token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["score"], body["max_score"], body["lesson_done"]) == (1, 1, True)
    assert body["source"] == "browser"
    stored = list(XAPIStatement.objects.order_by("pk"))
    assert [s.verb for s in stored] == ["attempted", "answered"]
    assert stored[1].statement == answered
    assert stored[1].attempt == 1 and stored[1].page_id == activity.pk
    result = H5PResult.objects.get(user=enrolled)
    assert (result.score, result.max_score, result.scaled, result.success) == (1, 1, 1, True)
    assert result.duration == timedelta(seconds=2.5)
    assert result.completed_at is not None and result.attempts == 1
    assert LessonCompletion.objects.filter(user=enrolled, lesson=activity).exists()


def test_csrf_token_is_required(enrolled, activity):
    client, _ = _client(enrolled, csrf=True)
    response = _post(client, activity, {"statement": statement(enrolled, activity)})
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0


def test_anonymous_is_refused(activity, learner):
    response = Client().post(
        f"/api/v1/h5p/pages/{activity.pk}/statements/",
        data=json.dumps({"statement": statement(learner, activity)}),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_not_enrolled_is_refused(learner, activity):
    client, token = _client(learner, csrf=True)
    response = _post(client, activity, {"statement": statement(learner, activity)}, token=token)
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0 and H5PResult.objects.count() == 0


def test_statement_for_another_user_is_rejected(enrolled, activity):
    other = make_person(Role.LEARNER)
    client, token = _client(enrolled, csrf=True)
    forged = statement(enrolled, activity, mbox=f"mailto:{actor_mail(other)}")
    response = _post(client, activity, {"statement": forged}, token=token)
    assert response.status_code == 400
    assert XAPIStatement.objects.count() == 0
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"content_id": 999_999},
        {"object_id": "http://evil.example/h5p/hoat-dong/1"},
    ],
)
def test_statement_for_another_content_is_rejected(enrolled, activity, changes):
    client, token = _client(enrolled, csrf=True)
    response = _post(
        client, activity, {"statement": statement(enrolled, activity, **changes)}, token=token
    )
    assert response.status_code == 400
    assert XAPIStatement.objects.count() == 0


def test_statement_for_content_of_another_page_is_rejected(enrolled, activity, course):
    other_page = make_activity(course, make_content())
    client, token = _client(enrolled, csrf=True)
    response = _post(client, activity, {"statement": statement(enrolled, other_page)}, token=token)
    assert response.status_code == 400


def test_malformed_score_is_rejected(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    bad = statement(enrolled, activity)
    bad["result"]["score"]["raw"] = "100"
    assert _post(client, activity, {"statement": bad}, token=token).status_code == 400
    assert XAPIStatement.objects.count() == 0


def test_failed_answer_is_recorded_without_completing(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    wrong = statement(enrolled, activity, score=0, success=False)
    assert _post(client, activity, {"statement": wrong}, token=token).json()["lesson_done"] is False
    result = H5PResult.objects.get()
    assert (result.score, result.success, result.completed_at) == (0, False, None)
    assert not LessonCompletion.objects.exists()


def test_sub_content_statements_are_kept_but_do_not_score(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    child = statement(enrolled, activity, sub_content=True)
    assert _post(client, activity, {"statement": child}, token=token).status_code == 200
    stored = XAPIStatement.objects.get()
    assert stored.top_level is False
    assert H5PResult.objects.get().score is None
    assert not LessonCompletion.objects.exists()


def test_each_attempted_counts_an_attempt(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    for verb in ["attempted", "answered", "attempted", "answered"]:
        _post(client, activity, {"statement": statement(enrolled, activity, verb)}, token=token)
    assert H5PResult.objects.get().attempts == 2
    assert list(XAPIStatement.objects.values_list("attempt", flat=True)) == [1, 1, 2, 2]


def test_unscored_content_completes_on_completion():
    assert completes_lesson("completed", {"completion": True})
    assert not completes_lesson("completed", {"completion": True, "score": {"max": 5}})
    assert not completes_lesson("answered", {"completion": True, "success": False})
    assert not completes_lesson("failed", {"success": True})
    assert not completes_lesson("interacted", {"success": True})


def test_statements_are_append_only(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    _post(client, activity, {"statement": statement(enrolled, activity)}, token=token)
    stored = XAPIStatement.objects.get()
    with pytest.raises(TypeError):
        stored.save()
    with pytest.raises(TypeError):
        stored.delete()
    with pytest.raises(TypeError):
        XAPIStatement.objects.update(verb="passed")
    with pytest.raises(TypeError):
        XAPIStatement.objects.all().delete()


def test_state_is_saved_preloaded_and_cleared(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    body = {"data_type": "state", "sub_content_id": "0", "data": json.dumps({"selected": 1})}
    response = _post(client, activity, body, kind="state", token=token)
    assert response.json() == {"saved": True}
    _post(
        client, activity, {**body, "data": json.dumps({"selected": 2})}, kind="state", token=token
    )
    saved = H5PUserData.objects.get()
    assert json.loads(saved.data) == {"selected": 2}

    from quizzes.h5p.selectors import preloaded_state

    assert preloaded_state(enrolled.pk, activity.content_id) == {"0": {"state": saved.data}}
    _post(client, activity, {**body, "data": None}, kind="state", token=token)
    assert H5PUserData.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"data_type": "../state", "data": "{}"},
        {"data_type": "state", "data": "not json"},
        {"data_type": "state", "data": "[" * 10 + "]" * 10 + " " * 300_000},
    ],
)
def test_bad_state_is_rejected(enrolled, activity, body):
    client, token = _client(enrolled, csrf=True)
    assert _post(client, activity, body, kind="state", token=token).status_code == 400
    assert H5PUserData.objects.count() == 0


def test_state_needs_enrolment(learner, activity):
    client, token = _client(learner, csrf=True)
    body = {"data_type": "state", "data": "{}"}
    assert _post(client, activity, body, kind="state", token=token).status_code == 403


def test_results_are_scoped(enrolled, activity, course):
    other = make_person(Role.LEARNER)
    enrol(other, course)
    for user in (enrolled, other):
        client, token = _client(user, csrf=True)
        _post(client, activity, {"statement": statement(user, activity)}, token=token)
    client, _ = _client(enrolled)
    rows = client.get("/api/v1/h5p/results/").json()
    assert len(rows) == 1 and rows[0]["source"] == "browser"
    admin = make_person(Role.MINISTRY_ADMIN)
    client, _ = _client(admin)
    assert len(client.get("/api/v1/h5p/results/").json()) == 2
    page = client.get("/h5p/ket-qua/")
    assert page.status_code == 200
    assert page.content.decode().count("h5p-result-row") == 2


def test_activity_in_an_unpublished_course_refuses_statements(learner):
    course = make_course(modules=1, lessons_per_module=0)
    activity = make_activity(course, make_content())
    enrol(learner, course)
    course.unpublish()
    client, token = _client(learner, csrf=True)
    response = _post(client, activity, {"statement": statement(learner, activity)}, token=token)
    assert response.status_code == 403


def test_statements_survive_the_page_and_go_with_the_user(enrolled, activity):
    client, token = _client(enrolled, csrf=True)
    _post(client, activity, {"statement": statement(enrolled, activity)}, token=token)
    activity.delete()
    stored = XAPIStatement.objects.get()
    assert stored.page_id is None and stored.content_id is not None
    enrolled.delete()
    assert XAPIStatement.objects.count() == 0
