"""The staff import in the Wagtail admin: upload, preview, confirm, status, and who may use it."""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from people.models import StaffImport, StaffProfile
from people.roles import Role
from tests.factories import make_person
from tests.people.factories_import import (
    Organisation,
    csv_bytes,
    make_organisation,
    staff_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation()


UPLOAD = reverse("people_import:upload")


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def upload(client, name: str, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def media_files(settings) -> list[str]:
    return [name for _, _, files in os.walk(settings.MEDIA_ROOT) for name in files]


@pytest.fixture
def admin(org, client):
    user = in_english(make_person(Role.MINISTRY_ADMIN, unit=org.vu_phap_che))
    client.force_login(user)
    return user


class TestImportFlow:
    def test_upload_preview_confirm_done(
        self, org, admin, client, django_capture_on_commit_callbacks
    ):
        rows = [
            staff_row(),
            staff_row(name="Lê Thị Bình", code="HN-1", email="binh@x.vn", province="TP. Hà Nội"),
            staff_row(name="Phạm Văn Cường", code="QT-2", email="cuong@x.vn", province="Hà Tây"),
        ]
        response = upload(client, "danh-sach.xlsx", xlsx_bytes(rows))
        job = StaffImport.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("people_import:preview", args=[job.pk])
        assert not StaffProfile.objects.filter(staff_code__in=["QT-0001", "HN-1"]).exists()

        html = client.get(response.url).content.decode()
        for text in (
            "Nguyễn Văn An",
            "Lê Thị Bình",
            "Phạm Văn Cường",
            "Sở Khoa học và Công nghệ Hà Nội",
        ):
            assert text in html
        assert "Unknown province “Hà Tây”." in html
        assert 'class="import-row import-row--error"' in html
        assert html.count('class="import-row import-row--create"') == 2

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("people_import:confirm", args=[job.pk]))
        assert response.url == reverse("people_import:status", args=[job.pk])
        job.refresh_from_db()
        assert (job.status, job.created_rows) == (StaffImport.Status.DONE, 2)
        assert StaffProfile.objects.get(staff_code="HN-1").unit == org.so_ha_noi

        html = client.get(response.url).content.decode()
        assert "Done" in html
        assert 'http-equiv="refresh"' not in html

    def test_status_page_refreshes_while_queued(self, admin, client):
        upload(client, "a.csv", csv_bytes([staff_row()]))
        job = StaffImport.objects.get()
        job.status = StaffImport.Status.QUEUED
        job.save()
        html = client.get(reverse("people_import:status", args=[job.pk])).content.decode()
        assert 'http-equiv="refresh"' in html
        assert client.get(reverse("people_import:preview", args=[job.pk])).status_code == 302

    def test_failed_job_can_be_resumed(self, admin, client, django_capture_on_commit_callbacks):
        upload(client, "a.csv", csv_bytes([staff_row()]))
        job = StaffImport.objects.get()
        StaffImport.objects.filter(pk=job.pk).update(status=StaffImport.Status.FAILED, error="x")
        assert (
            "Resume" in client.get(reverse("people_import:status", args=[job.pk])).content.decode()
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("people_import:resume", args=[job.pk]))
        job.refresh_from_db()
        assert (job.status, job.created_rows) == (StaffImport.Status.DONE, 1)

    def test_confirm_needs_post(self, admin, client):
        upload(client, "a.csv", csv_bytes([staff_row()]))
        job = StaffImport.objects.get()
        assert client.get(reverse("people_import:confirm", args=[job.pk])).status_code == 405
        job.refresh_from_db()
        assert job.status == StaffImport.Status.PREVIEWED

    def test_a_file_without_valid_rows_cannot_be_confirmed(self, admin, client):
        upload(client, "a.csv", csv_bytes([staff_row(province="Hà Tây")]))
        job = StaffImport.objects.get()
        response = client.post(reverse("people_import:confirm", args=[job.pk]))
        assert response.status_code == 409
        job.refresh_from_db()
        assert job.status == StaffImport.Status.PREVIEWED


class TestRejectedUploads:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("random.xlsx", os.urandom(4096), "not a readable Excel"),
            ("empty.csv", b"", "The submitted file is empty."),
            (
                "no-columns.csv",
                csv_bytes([["An"]], headers=["Họ và tên"]),
                "lacks required columns",
            ),
            ("notes.txt", b"Ho va ten,Email\n", "Only .xlsx and .csv files"),
        ],
    )
    def test_rejected_upload_leaves_no_row_and_no_file(
        self, admin, client, settings, name, content, message
    ):
        response = upload(client, name, content)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not StaffImport.objects.exists()
        assert media_files(settings) == []

    def test_oversized_upload_is_refused_before_reading(self, admin, client, settings):
        settings.STAFF_IMPORT_MAX_BYTES = 50
        response = upload(client, "a.csv", csv_bytes([staff_row()] * 5))
        assert "larger than" in response.content.decode()
        assert not StaffImport.objects.exists()
        assert media_files(settings) == []


class TestAccess:
    def test_learner_is_refused(self, org, client):
        client.force_login(make_person(unit=org.so_quang_tri))
        # Wagtail turns away accounts without admin access (to its login) before our view runs.
        response = client.get(UPLOAD)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
        file = SimpleUploadedFile("a.csv", csv_bytes([staff_row()]))
        response = client.post(UPLOAD, {"file": file})
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
        assert not StaffImport.objects.exists()

    def test_trainer_in_the_admin_gets_403(self, org, client):
        client.force_login(make_person(Role.TRAINER, unit=org.so_quang_tri))
        assert client.get(UPLOAD).status_code == 403
        response = client.post(
            UPLOAD, {"file": SimpleUploadedFile("a.csv", csv_bytes([staff_row()]))}
        )
        assert response.status_code == 403
        assert not StaffImport.objects.exists()

    def test_menu_item_only_for_those_who_may_import(self, org, client):
        trainer = make_person(Role.TRAINER, unit=org.so_quang_tri)
        manager = make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri)
        client.force_login(trainer)
        assert UPLOAD not in client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(manager)
        assert UPLOAD in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_province_manager_sees_outside_your_province_errors(self, org, client):
        manager = in_english(make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri))
        client.force_login(manager)
        rows = [staff_row(), staff_row(code="HN-1", email="hn@x.vn", province="Hà Nội")]
        response = upload(client, "a.csv", csv_bytes(rows))
        html = client.get(response.url).content.decode()
        assert "“Thành phố Hà Nội” is outside your province." in html
        assert html.count('import-row--error"') == 1

    def test_province_manager_cannot_open_another_provinces_import(self, org, client):
        other = make_person(Role.PROVINCE_MANAGER, unit=org.so_ha_noi)
        client.force_login(other)
        upload(client, "a.csv", csv_bytes([staff_row(province="Hà Nội")]))
        job = StaffImport.objects.get()
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri))
        assert client.get(reverse("people_import:preview", args=[job.pk])).status_code == 404
        assert client.post(reverse("people_import:confirm", args=[job.pk])).status_code == 404
        job.refresh_from_db()
        assert job.status == StaffImport.Status.PREVIEWED
        assert job.original_name not in client.get(UPLOAD).content.decode()


def test_ministry_admin_lists_provinces_and_units(org, admin, client):
    provinces = client.get(reverse("wagtailsnippets_people_province:list"), {"q": "quang tri"})
    assert "Quảng Trị" in provinces.content.decode()
    assert "Hà Nội" not in provinces.content.decode()
    units = client.get(reverse("wagtailsnippets_people_unit:list"))
    assert "Đặc khu Cồn Cỏ" in units.content.decode()
