"""Results are taken only from a player issued to the learner for the activity, and only with a
duration that fits in the time since it was issued (the score stays the browser's word)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import gettext, override

from courses.models import LessonCompletion
from courses.services import enrol
from people.roles import Role
from quizzes.h5p.models import H5PResult, XAPIStatement
from tests.factories import make_person
from tests.quizzes.h5p.factories import make_activity, make_content, player_token, statement

pytestmark = pytest.mark.django_db

NOT_ISSUED = "Results are accepted only from the player opened for you on this activity."
EXPIRED = "This activity's player has expired. Reload the page and answer again."
TOO_LONG = "The statement claims more time than has passed since its player was opened."


def _said(message: str) -> str:
    """`message` as the site says it (in Vietnamese)."""
    with override(settings.LANGUAGE_CODE):
        return gettext(message)


@pytest.fixture
def activity(course):
    return make_activity(course, make_content())


@pytest.fixture
def enrolled(learner, course):
    enrol(learner, course)
    return learner


def _post(user, page, body):
    client = Client()
    client.force_login(user)
    return client.post(
        f"/api/v1/h5p/pages/{page.pk}/statements/",
        data=json.dumps(body),
        content_type="application/json",
    )


def _full_marks(user, page, duration: str = "PT2.5S") -> dict:
    answered = statement(user, page, score=100, max_score=100)
    answered["result"]["duration"] = duration
    return answered


def _nothing_stored() -> bool:
    return (
        not XAPIStatement.objects.exists()
        and not H5PResult.objects.exists()
        and not LessonCompletion.objects.exists()
    )


def _forged(token: str) -> str:
    payload, stamp, signature = token.split(":")
    return f"{payload}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"


@pytest.mark.parametrize(
    "which", ["none", "empty", "forged", "another_learner", "another_activity", "another_content"]
)
def test_full_marks_without_a_player_issued_to_the_learner_are_refused(
    enrolled, activity, course, which
):
    other = make_person(Role.LEARNER)
    enrol(other, course)
    other_page = make_activity(course, make_content())
    tokens = {
        "empty": "",
        "forged": _forged(player_token(enrolled, activity)),
        "another_learner": player_token(other, activity),
        "another_activity": player_token(enrolled, other_page),
        "another_content": player_token(enrolled, activity, content_id=other_page.content_id),
    }
    body: dict = {"statement": _full_marks(enrolled, activity)}
    if which != "none":
        body["player_token"] = tokens[which]

    response = _post(enrolled, activity, body)

    assert response.status_code == 403, response.content
    assert response.json() == {"detail": _said(NOT_ISSUED)}
    assert _nothing_stored()


def test_full_marks_from_an_expired_player_are_refused(enrolled, activity, settings):
    settings.H5P_URL_MAX_AGE = 3600
    token = player_token(enrolled, activity, seconds_ago=3601)

    response = _post(
        enrolled, activity, {"statement": _full_marks(enrolled, activity), "player_token": token}
    )

    assert response.status_code == 403
    assert response.json() == {"detail": _said(EXPIRED)}
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("seconds_ago", "duration"),
    [
        (0, "PT30S"),  # posted the moment the player was issued, claiming 30 s of work
        (60, "PT10M"),  # ten minutes of work in a player issued a minute ago
        (60, "P1D"),
    ],
)
def test_duration_longer_than_the_player_was_open_is_refused(
    enrolled, activity, seconds_ago, duration
):
    token = player_token(enrolled, activity, seconds_ago=seconds_ago)
    answered = _full_marks(enrolled, activity, duration)

    response = _post(enrolled, activity, {"statement": answered, "player_token": token})

    assert response.status_code == 400
    assert response.json() == {"detail": _said(TOO_LONG)}
    assert _nothing_stored()


@pytest.mark.parametrize("duration", ["-PT5S", "soon", 30, "P99999999999D"])
def test_malformed_duration_is_refused(enrolled, activity, duration):
    token = player_token(enrolled, activity)
    answered = _full_marks(enrolled, activity, duration)

    response = _post(enrolled, activity, {"statement": answered, "player_token": token})

    assert response.status_code == 400
    assert _nothing_stored()


def test_honest_result_from_the_issued_player_is_recorded_as_browser_reported(enrolled, activity):
    token = player_token(enrolled, activity, seconds_ago=30)
    for verb in ("attempted", "answered"):
        response = _post(
            enrolled,
            activity,
            {"statement": statement(enrolled, activity, verb), "player_token": token},
        )
        assert response.status_code == 200, response.content

    assert response.json()["source"] == "browser"
    result = H5PResult.objects.get(user=enrolled)
    assert (result.score, result.duration, result.source) == (1, timedelta(seconds=2.5), "browser")
    assert LessonCompletion.objects.filter(user=enrolled, lesson=activity).exists()


def test_lesson_page_hands_its_own_player_token_to_the_relay(enrolled, activity):
    client = Client()
    client.force_login(enrolled)
    html = client.get(activity.url).content.decode()
    token = html.split('data-player-token="', 1)[1].split('"', 1)[0]
    assert f"/h5p/choi/{token}/" in html
