"""Links the platform hands out answer on the port it serves on (`make run PORT=8765`)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import segno
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from PIL import Image
from pypdf import PdfReader
from wagtail.models import Site

from courses.models import CoursePage
from people.models import User
from quizzes.models import Attempt

ROOT = settings.BASE_DIR


def _settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    done = subprocess.run(
        [sys.executable, "-c", f"import config.settings.dev as s; print(s.{name})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.skipif((ROOT / ".env").exists(), reason="a local .env may set SITE_URL")
def test_site_url_follows_the_port_unless_set():
    assert _settings_value("SITE_URL", PORT="8765") == "http://127.0.0.1:8765"
    assert _settings_value("WAGTAILADMIN_BASE_URL", PORT="8765") == "http://127.0.0.1:8765"
    assert _settings_value("SITE_URL") == "http://127.0.0.1:8000"
    given = {"PORT": "8765", "SITE_URL": "https://taphuan.example.vn"}
    assert _settings_value("SITE_URL", **given) == "https://taphuan.example.vn"


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
@pytest.mark.skipif((ROOT / ".env").exists(), reason="a local .env may set SITE_URL")
def test_make_run_on_another_port_gives_the_settings_that_port():
    show = (
        "show-site:\n\t@$(PY) -c "
        "'import config.settings.dev as s; print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL)'\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    done = subprocess.run(
        [
            "make",
            "-s",
            "-f",
            "Makefile",
            "-f",
            "-",
            "show-site",
            "PORT=8765",
            f"PY={sys.executable}",
        ],
        input=show,
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["http://127.0.0.1:8765"] * 2
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "runserver 127.0.0.1:$(PORT)" in makefile


# Links the platform does not serve: a session's online meeting room, typed in by its organiser.
FOREIGN = {"online_url"}


def _links(data: Any) -> Iterator[str]:
    """Every URL of ours in an API answer: values of keys named `url` or `…_url`."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in FOREIGN:
                continue
            if (key == "url" or key.endswith("_url")) and isinstance(value, str) and value:
                yield value
            else:
                yield from _links(value)
    elif isinstance(data, list):
        for item in data:
            yield from _links(item)


def _session_for(username: str) -> requests.Session:
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return session


def _qr_matrix(pdf: bytes) -> list[list[bool]]:
    """The dark modules of the QR code image in a certificate PDF (one pixel per module)."""
    reader = PdfReader(io.BytesIO(pdf))
    squares = [
        image.image
        for page in reader.pages
        for image in page.images
        if image.image.width == image.image.height and image.image.width < 200
    ]
    assert len(squares) == 1, [s.size for s in squares]
    grey: Image.Image = squares[0].convert("L")
    width = grey.width
    pixels = list(grey.tobytes())
    return [[value < 128 for value in pixels[y * width : (y + 1) * width]] for y in range(width)]


@pytest.mark.django_db(transaction=True)
def test_demo_on_another_port_hands_out_links_that_answer(live_server, settings):
    port = urlsplit(live_server.url).port
    assert port != 8000
    # What the settings derive when `make run PORT=…` leaves SITE_URL unset.
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = f"http://127.0.0.1:{port}"
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert site.root_url == settings.SITE_URL
    course = CoursePage.objects.live().filter(field__isnull=True).get()
    assert course.full_url.startswith(settings.SITE_URL + "/")  # moderation e-mails link this
    assert requests.get(course.full_url, timeout=30).status_code == 200

    learner = _session_for("hocvien")
    api = settings.SITE_URL + "/api/v1/"
    paths = ["me/courses/", "me/sessions/", "me/certificates/", "h5p/results/"]
    attempts = Attempt.objects.filter(user__username="hocvien").values_list("pk", flat=True)
    paths += [f"quizzes/attempts/{pk}" for pk in attempts]
    assert attempts, "the demo learner has a quiz attempt"
    answers = {}
    for path in paths:
        response = learner.get(api + path, timeout=30)
        assert response.status_code == 200, path
        answers[path] = response.json()
    links = sorted(set(_links(list(answers.values()))))
    assert any(link.startswith("http") for link in links)
    for link in links:
        absolute = urljoin(settings.SITE_URL + "/", link)
        assert absolute.startswith(settings.SITE_URL + "/"), link
        assert learner.get(absolute, timeout=60).status_code == 200, link

    # Asked under another name for the same server, the API links there, not to SITE_URL.
    other = live_server.url.replace("127.0.0.1", "localhost")
    assert other != settings.SITE_URL
    rows = learner.get(other + "/api/v1/me/certificates/", timeout=30).json()
    assert rows and all(row["pdf_url"].startswith(other + "/") for row in rows)
    assert all(row["credential_url"].startswith(other + "/") for row in rows)

    certificates = answers["me/certificates/"]
    assert certificates, "the demo learner holds a certificate"
    for row in certificates:
        verify_url = row["verify_url"]
        assert verify_url.startswith(settings.SITE_URL + "/")
        assert requests.get(verify_url, timeout=30).status_code == 200
        pdf = learner.get(row["pdf_url"], timeout=60).content
        printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert verify_url in printed.replace("\n", "")
        expected = segno.make(verify_url, error="m")
        assert _qr_matrix(pdf) == [[bool(bit) for bit in row] for row in expected.matrix]
