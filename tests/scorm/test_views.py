"""The lesson page, the launcher and package files on the content origin only, and the commit
endpoint: session, CSRF token, rate limit, a learner's own attempt."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from courses.services import enrol
from scorm.models import CmiCommit, ScormAttempt
from scorm.tokens import read_grant
from tests.scorm.factories import make_activity, make_package
from tests.scorm.packages import build_12, build_2004

pytestmark = pytest.mark.django_db
ORIGIN = "http://scorm.testserver"


@pytest.fixture(autouse=True)
def _content_origin(settings):
    cache.clear()  # rate-limit counters of earlier tests' users
    settings.SCORM_ORIGIN = ORIGIN
    settings.ALLOWED_HOSTS = ["testserver", "scorm.testserver"]


@pytest.fixture
def activity(course, learner):
    page = make_activity(course, make_package(build_12()))
    enrol(learner, course)
    return page


def html(response) -> str:
    return response.content.decode()


def _launch_url(client: Client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    match = re.search(r'class="scorm-player" src="([^"]+)"', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


def test_lesson_page_frames_the_launcher_from_the_content_origin(activity, learner):
    client = Client()
    client.force_login(learner)
    url = _launch_url(client, activity)
    assert url.startswith(f"{ORIGIN}/scorm/chay/")
    response = client.get(activity.url)
    assert "frame-src 'self'" in response["Content-Security-Policy"]
    assert ORIGIN in response["Content-Security-Policy"]
    assert ScormAttempt.objects.filter(user=learner, number=1).count() == 1
    # An imported package's lesson has no text of its own: no empty box above the player.
    assert not activity.body and 'class="lesson-body"' not in html(response)


def test_launcher_and_files_are_served_on_the_content_origin_only(activity, learner):
    client = Client()
    client.force_login(learner)
    url = _launch_url(client, activity)
    path = url.removeprefix(ORIGIN)
    assert client.get(path).status_code == 404  # the platform's own host
    content = Client()  # no cookie reaches the content origin
    response = content.get(path, HTTP_HOST="scorm.testserver")
    assert response.status_code == 200
    assert "frame-ancestors http://testserver" in response["Content-Security-Policy"]
    found = re.search(r'id="scorm-config" type="application/json">(.*?)</script>', html(response))
    config = json.loads(found.group(1))
    assert config["version"] == "1.2"
    assert config["resume"]["core"]["student_id"] == f"learner-{learner.pk}"
    sco = content.get(config["scoUrl"].removeprefix(ORIGIN), HTTP_HOST="scorm.testserver")
    assert sco.status_code == 200 and b"sco.js" in b"".join(sco.streaming_content)
    token = path.split("/")[3]
    host = {"HTTP_HOST": "scorm.testserver"}
    assert content.get(f"/scorm/tep/{token}/../../imsmanifest.xml", **host).status_code == 404
    assert content.get("/scorm/tep/forged/index.html", **host).status_code == 404


def test_nothing_plays_without_a_content_origin(activity, learner, settings):
    settings.SCORM_ORIGIN = ""
    client = Client()
    client.force_login(learner)
    response = client.get(activity.url)
    assert b"scorm-player" not in response.content
    assert "SCORM_ORIGIN" in response.content.decode()


def _commit(client: Client, page, token: str, cmi: dict, **extra):
    return client.post(
        f"/scorm/hoat-dong/{page.pk}/luu/",
        data=json.dumps({"token": token, "cmi": cmi, "terminate": False}),
        content_type="application/json",
        **extra,
    )


MIDWAY = {"cmi": {"core": {"lesson_status": "incomplete", "lesson_location": "2"}}}


def test_commit_needs_the_csrf_token(activity, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.get(activity.url)
    token = _launch_url(client, activity).split("/")[-2]
    assert _commit(client, activity, token, MIDWAY).status_code == 403
    assert not CmiCommit.objects.exists()
    csrf = client.cookies["csrftoken"].value
    answer = _commit(client, activity, token, MIDWAY, HTTP_X_CSRFTOKEN=csrf)
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "incomplete" and not answer.json()["lesson_done"]
    assert response.status_code == 200 and CmiCommit.objects.count() == 1


def test_commit_with_another_learners_token_is_refused(activity, learner, other_learner, course):
    enrol(other_learner, course)
    owner = Client()
    owner.force_login(learner)
    token = _launch_url(owner, activity).split("/")[-2]
    thief = Client()
    thief.force_login(other_learner)
    answer = _commit(thief, activity, token, MIDWAY)
    assert answer.status_code == 403
    assert "khác" in answer.json()["detail"] or "another" in answer.json()["detail"]
    assert not CmiCommit.objects.exists()
    assert _commit(Client(), activity, token, MIDWAY).status_code == 403  # not signed in
    assert _commit(owner, activity, "gia-mao", MIDWAY).status_code == 400


def test_commit_for_another_activity_is_refused(activity, learner, course):
    other = make_activity(course, make_package(build_2004()))
    client = Client()
    client.force_login(learner)
    token = _launch_url(client, activity).split("/")[-2]
    assert read_grant(token).page_id == activity.pk
    assert _commit(client, other, token, MIDWAY).status_code == 403


def test_commits_are_rate_limited(activity, learner, monkeypatch):
    from scorm import views

    monkeypatch.setattr(views, "COMMITS_PER_MINUTE", 2)
    client = Client()
    client.force_login(learner)
    token = _launch_url(client, activity).split("/")[-2]
    codes = [_commit(client, activity, token, MIDWAY).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_results_are_scoped(activity, learner, other_learner):
    client = Client()
    client.force_login(learner)
    token = _launch_url(client, activity).split("/")[-2]
    _commit(client, activity, token, MIDWAY)
    mine = client.get("/scorm/ket-qua/").content.decode()
    assert "scorm-result-row" in mine
    stranger = Client()
    stranger.force_login(other_learner)
    assert "scorm-result-row" not in stranger.get("/scorm/ket-qua/").content.decode()


def test_item_parameters_reach_the_sco_as_a_query_string():
    from scorm.views import _sco_url

    url = _sco_url(ORIGIN, "tok", "phan 1/index.html?bai=2&ngon-ngu=vi")
    assert url == f"{ORIGIN}/scorm/tep/tok/phan%201/index.html?bai=2&ngon-ngu=vi"
