"""The isolated player and its signed, expiring file URLs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client

from courses.services import enrol
from quizzes.h5p.models import H5PLibrary
from quizzes.h5p.tokens import PlayerGrant, read_grant, sign_grant
from tests.quizzes.h5p.factories import make_activity, make_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(course):
    return make_activity(course, make_content())


@pytest.fixture
def enrolled(learner, course):
    enrol(learner, course)
    return learner


def _player_url(client: Client, page) -> str:
    html = client.get(page.url).content.decode()
    match = re.search(r'<iframe class="h5p-player" src="([^"]+)"\s+sandbox="allow-scripts"', html)
    assert match, html
    return match.group(1)


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_lesson_page_embeds_a_sandboxed_player_without_same_origin(enrolled, activity):
    client = Client()
    client.force_login(enrolled)
    html = client.get(activity.url).content.decode()
    assert 'sandbox="allow-scripts"' in html
    assert "allow-same-origin" not in html
    assert "data-h5p-activity" in html and 'data-recording="1"' in html


def test_player_page_headers_and_options(enrolled, activity):
    client = Client()
    client.force_login(enrolled)
    url = _player_url(client, activity)
    response = Client().get(url)  # the sandboxed frame sends no cookies
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors http://testserver" in csp
    assert "connect-src http://testserver" in csp and "default-src 'none'" in csp
    assert "X-Frame-Options" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert "h5p/vendor/main.bundle.js" in html and not re.search(r"//[^\"]*cdn", html.lower())
    assert '"embedType": "div"' in html
    assert f"/h5p/tep/{_token(url)}/libraries" in html
    assert "learner-" in html and enrolled.email not in html
    # The core's fullscreen button (our content type declares it) and its strings in Vietnamese.
    assert '"fullScreen": true' in html and "To\\u00e0n m\\u00e0n h\\u00ecnh" in html


def _sandbox(response) -> list[str]:
    """The tokens of the response's CSP sandbox directive (fails when there is none)."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    sandbox = [part for part in directives if part and part[0] == "sandbox"]
    assert len(sandbox) == 1, response["Content-Security-Policy"]
    return sandbox[0][1:]


def test_player_page_is_sandboxed_even_when_opened_as_a_tab(enrolled, activity):
    client = Client()
    client.force_login(enrolled)
    url = _player_url(client, activity)
    # A copied link or window.open: the viewer's own session comes along, the header does not go.
    response = client.get(url)
    assert response.status_code == 200
    assert _sandbox(response) == ["allow-scripts"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_every_package_response_is_sandboxed(enrolled, activity):
    token = sign_grant(PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "x"))
    client = Client()
    client.force_login(enrolled)
    base = f"/h5p/tep/{token}"
    for response in [
        client.get(f"{base}/h5p.json"),
        client.get(f"{base}/content/content.json"),
        client.get(f"{base}/libraries/H5P.TapHuanTestQuiz-1.1/quiz.js"),
        client.get(f"{base}/user-data/state/0"),
        client.options(f"{base}/user-data/state/0"),
        client.post(f"{base}/h5p.json"),
        client.post(f"/h5p/choi/{token}/"),
    ]:
        assert "allow-same-origin" not in _sandbox(response), response
        assert response["X-Content-Type-Options"] == "nosniff"


def test_files_are_served_with_cors_nosniff_and_csp(enrolled, activity):
    grant = PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "http://testserver")
    token = sign_grant(grant)
    client = Client()
    for path, kind in [
        ("h5p.json", "application/json"),
        ("content/content.json", "application/json"),
        ("libraries/H5P.TapHuanTestQuiz-1.1/library.json", "application/json"),
        ("libraries/H5P.TapHuanTestQuiz-1.1/quiz.js", "text/javascript"),
        ("libraries/H5P.TapHuanTestQuiz-1.1/quiz.css", "text/css"),
    ]:
        response = client.get(f"/h5p/tep/{token}/{path}")
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith(kind)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    preflight = client.options(f"/h5p/tep/{token}/user-data/state/0")
    assert preflight.status_code == 204
    state = client.get(f"/h5p/tep/{token}/user-data/state/0").json()
    assert state == {"success": True, "data": False}


@pytest.mark.parametrize(
    "path",
    [
        "content/../h5p.json",
        "content/%2e%2e/%2e%2e/settings.py",
        "libraries/H5P.TapHuanTestQuiz-1.1/../../../h5p/content/1/h5p.json",
        "libraries/H5P.Other-1.0/library.json",
        "content/.hidden.json",
        "libraries/H5P.TapHuanTestQuiz-1.1/",
        "uploads/x.h5p",
        "content/content.php",
    ],
)
def test_no_path_outside_the_grant_is_served(enrolled, activity, path):
    token = sign_grant(PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "x"))
    assert Client().get(f"/h5p/tep/{token}/{path}").status_code == 404


def test_svg_is_served_as_attachment(enrolled, course):
    from tests.quizzes.h5p.packages import QUIZ, build_zip, package_entries

    entries = package_entries()
    entries[f"{QUIZ}/icon.svg"] = (
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"
    )
    activity = make_activity(course, make_content(build_zip(entries)))
    token = sign_grant(PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "x"))
    response = Client().get(f"/h5p/tep/{token}/libraries/{QUIZ}/icon.svg")
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"
    assert "sandbox" in response["Content-Security-Policy"]


def test_tampered_or_expired_grant_is_refused(enrolled, activity, settings):
    token = sign_grant(PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "x"))
    payload, stamp, signature = token.split(":")
    forged = f"{payload[:-2]}x{payload[-1]}:{stamp}:{signature}"
    assert Client().get(f"/h5p/tep/{forged}/h5p.json").status_code == 404
    other = signing.TimestampSigner(salt="another.salt").sign_object(
        {"u": enrolled.pk, "c": activity.content_id, "p": activity.pk, "o": "x"}
    )
    assert Client().get(f"/h5p/tep/{other}/h5p.json").status_code == 404
    time.sleep(1.1)
    settings.H5P_URL_MAX_AGE = 1
    assert Client().get(f"/h5p/tep/{token}/h5p.json").status_code == 404
    with pytest.raises(signing.SignatureExpired):
        read_grant(token)


def test_grant_for_another_content_does_not_open_this_one(enrolled, activity, course):
    other = make_activity(course, make_content())
    token = sign_grant(PlayerGrant(enrolled.pk, other.content_id, activity.pk, "x"))
    assert Client().get(f"/h5p/choi/{token}/").status_code == 404


def test_unapproved_library_is_not_played_nor_served(enrolled, activity):
    H5PLibrary.objects.update(approved=False)
    client = Client()
    client.force_login(enrolled)
    html = client.get(activity.url).content.decode()
    assert "h5p-player" not in html
    token = sign_grant(PlayerGrant(enrolled.pk, activity.content_id, activity.pk, "x"))
    assert Client().get(f"/h5p/choi/{token}/").status_code == 404
    path = "libraries/H5P.TapHuanTestQuiz-1.1/quiz.js"
    assert Client().get(f"/h5p/tep/{token}/{path}").status_code == 404


def test_learner_not_enrolled_gets_no_player(learner, activity):
    client = Client()
    client.force_login(learner)
    html = client.get(activity.url).content.decode()
    assert "h5p-player" not in html


def test_trainer_previews_without_recording(trainer, activity):
    client = Client()
    client.force_login(trainer)
    html = client.get(activity.url).content.decode()
    assert 'class="h5p-player"' in html and 'data-recording="0"' in html


def test_separate_h5p_origin_is_used_and_enforced(enrolled, activity, settings):
    settings.H5P_ORIGIN = "http://h5p.testserver"
    settings.ALLOWED_HOSTS = ["testserver", "h5p.testserver"]
    client = Client()
    client.force_login(enrolled)
    url = _player_url(client, activity)
    assert url.startswith("http://h5p.testserver/h5p/choi/")
    path = url.removeprefix("http://h5p.testserver")
    assert Client().get(path).status_code == 404  # not on the platform's own host
    response = Client(HTTP_HOST="h5p.testserver").get(path)
    assert response.status_code == 200
    assert "http://h5p.testserver/static/h5p/vendor/main.bundle.js" in response.content.decode()
    assert "frame-ancestors http://testserver" in response["Content-Security-Policy"]


@pytest.mark.urls("tests.quizzes.h5p.urls_debug_media")
def test_package_files_are_not_served_straight_from_media(enrolled, activity, settings):
    (Path(settings.MEDIA_ROOT) / "note.txt").write_text("ok")
    assert Client().get("/media/note.txt").status_code == 200  # media is served here
    library = H5PLibrary.objects.get()
    for stored in [f"{library.storage_path}/quiz.js", f"{activity.content.storage_path}/h5p.json"]:
        assert (Path(settings.MEDIA_ROOT) / stored).exists()
        assert Client().get(f"/media/{stored}").status_code == 404, stored


def test_editor_libraries_are_neither_listed_nor_served_to_the_player(enrolled, course):
    from tests.quizzes.h5p import dependency_packages as packages

    page = make_activity(course, make_content(packages.editor_package()))
    token = sign_grant(PlayerGrant(enrolled.pk, page.content_id, page.pk, "http://testserver"))
    base = f"/h5p/tep/{token}"
    client = Client()

    listed = client.get(f"{base}/h5p.json").json()["preloadedDependencies"]
    assert [d["machineName"] for d in listed] == ["H5P.TapHuanBookUtil", "H5P.TapHuanBook"]
    main = client.get(f"{base}/libraries/H5P.TapHuanBook-1.0/library.json").json()
    assert "editorDependencies" not in main and main["minorVersion"] == "0"
    assert main["preloadedDependencies"] == [
        {"machineName": "H5P.TapHuanBookUtil", "majorVersion": "1", "minorVersion": "1"}
    ]
    for path in ("library.json", "lib.js"):
        response = client.get(f"{base}/libraries/H5PEditor.TapHuanBook-1.1/{path}")
        assert response.status_code == 404, path
