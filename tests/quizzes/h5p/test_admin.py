"""The Wagtail admin views: trainers upload, everyone sees each problem, admins approve."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from quizzes.h5p.models import H5PContent, H5PLibrary
from tests.quizzes.h5p.factories import make_content, stored_files
from tests.quizzes.h5p.packages import build_package, build_zip, package_entries

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, name: str = "kiem-tra.h5p"):
    return client.post("/admin/h5p/", {"file": SimpleUploadedFile(name, data, "application/zip")})


def test_trainer_uploads_and_sees_the_status(trainer, django_capture_on_commit_callbacks):
    client = _client(trainer)
    assert client.get("/admin/h5p/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, build_package())
    content = H5PContent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/h5p/{content.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "h5p-status--ready" in detail
    assert "H5P.TapHuanTestQuiz-1.1" in detail
    assert 'action="/admin/h5p/libraries/' not in detail  # a trainer cannot approve
    listing = client.get("/admin/h5p/").content.decode()
    assert f'data-content-id="{content.pk}"' in listing


def test_rejected_upload_names_each_problem_and_stores_nothing(trainer):
    entries = package_entries()
    entries["content/shell.php"] = b"<?php"
    entries["content/index.html"] = b"<script></script>"
    response = _upload(_client(trainer), build_zip(entries))
    assert response.status_code == 200
    html = response.content.decode()
    assert "h5p-problems" in html
    assert "content/shell.php" in html and "content/index.html" in html
    assert H5PContent.objects.count() == 0 and stored_files() == []


def test_learner_is_refused(learner):
    client = _client(learner)
    # Wagtail sends users without admin access to its login page.
    response = client.get("/admin/h5p/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert _upload(client, build_package()).status_code == 302
    assert H5PContent.objects.count() == 0


def test_only_a_ministry_admin_approves(trainer, ministry_admin):
    make_content(approve=False)
    library = H5PLibrary.objects.get()
    assert _client(trainer).post(f"/admin/h5p/libraries/{library.pk}/approve/").status_code == 403
    library.refresh_from_db()
    assert not library.approved
    client = _client(ministry_admin)
    page = client.get("/admin/h5p/libraries/").content.decode()
    assert f'action="/admin/h5p/libraries/{library.pk}/approve/"' in page
    response = client.post(
        f"/admin/h5p/libraries/{library.pk}/approve/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/h5p/libraries/"
    library.refresh_from_db()
    assert library.approved and library.approved_by == ministry_admin


def test_approve_needs_post(ministry_admin):
    make_content(approve=False)
    library = H5PLibrary.objects.get()
    assert (
        _client(ministry_admin).get(f"/admin/h5p/libraries/{library.pk}/approve/").status_code
        == 405
    )


def test_menu_item_is_shown_to_trainers_only(trainer, ministry_admin, learner):
    assert "/admin/h5p/" in _client(trainer).get("/admin/").content.decode()
    assert "/admin/h5p/" in _client(ministry_admin).get("/admin/").content.decode()


def test_trainer_adds_an_h5p_activity_page_in_the_page_editor(trainer, course):
    from wagtail.models import Page

    from courses.models import ModulePage
    from quizzes.h5p.models import H5PActivityPage

    ready = make_content()
    pending = H5PContent.objects.create(title="Đang chờ", original_name="x.h5p")
    module = ModulePage.objects.child_of(course).first()
    client = _client(trainer)
    url = f"/admin/pages/add/h5p/h5pactivitypage/{module.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'value="{ready.pk}"' in html and f'value="{pending.pk}"' not in html
    response = client.post(
        url,
        {
            "title": "Hoạt động H5P: thẩm quyền",
            "slug": "hoat-dong-h5p",
            "minutes": "10",
            "body-count": "0",
            "content": str(ready.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = H5PActivityPage.objects.get(slug="hoat-dong-h5p")
    assert page.content == ready and Page.objects.get(pk=page.pk).get_parent().pk == module.pk
