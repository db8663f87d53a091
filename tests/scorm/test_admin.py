"""The Wagtail admin upload: trainers upload, see the status and each problem in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scorm.models import ScormPackage
from scorm.package_builder import build_zip
from tests.scorm.packages import MANIFEST_12, build_12, entries_12

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, name: str = "bai-hoc.zip"):
    return client.post("/admin/scorm/", {"file": SimpleUploadedFile(name, data, "application/zip")})


def test_trainer_uploads_and_sees_the_status(trainer, django_capture_on_commit_callbacks):
    client = _client(trainer)
    assert client.get("/admin/scorm/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, build_12())
    package = ScormPackage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/scorm/{package.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "scorm-status--ready" in detail and "SCORM 1.2" in detail and "index.html" in detail
    assert f'data-package-id="{package.pk}"' in client.get("/admin/scorm/").content.decode()


def test_rejected_upload_names_each_problem_in_vietnamese(trainer):
    entries = {
        **entries_12(),
        "imsmanifest.xml": MANIFEST_12.replace("sco.js", "thieu.js").encode(),
    }
    client = _client(trainer)
    client.cookies["django_language"] = "vi"
    response = _upload(client, build_zip(entries))
    assert response.status_code == 200
    html = response.content.decode()
    assert "scorm-problems" in html
    assert "Tài nguyên “res-1” cần tệp “thieu.js” nhưng gói không có tệp này." in html
    assert ScormPackage.objects.count() == 0


def test_learner_is_refused(learner):
    client = _client(learner)
    response = client.get("/admin/scorm/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert _upload(client, build_12()).status_code == 302
    assert ScormPackage.objects.count() == 0


@pytest.mark.urls("tests.quizzes.h5p.urls_debug_media")
def test_package_files_are_never_served_from_media(
    trainer, settings, django_capture_on_commit_callbacks
):
    (Path(settings.MEDIA_ROOT) / "note.txt").write_text("ok")
    assert Client().get("/media/note.txt").status_code == 200  # media is served here
    with django_capture_on_commit_callbacks(execute=True):
        _upload(_client(trainer), build_12())
    stored = f"{ScormPackage.objects.get().storage_path}/index.html"
    assert (Path(settings.MEDIA_ROOT) / stored).exists()
    assert Client().get(f"/media/{stored}").status_code == 404
