"""Imported staff are invited to choose a password, once; managers can send it again."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from people.imports import apply_import, confirm_import, create_import
from people.invitations import send_invitations
from people.models import StaffImport, StaffProfile, User
from people.roles import Role
from tests.factories import StaffProfileFactory, make_person
from tests.people.factories_import import Organisation, csv_bytes, make_organisation, staff_row

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/reset/\S+/")


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation()


@pytest.fixture(autouse=True)
def _site(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://taphuan.example.vn"


def run(rows, capture, viewer: User | None = None) -> StaffImport:  # type: ignore[no-untyped-def]
    job = create_import(file_name="a.csv", content=csv_bytes(rows), uploader=viewer)
    confirm_import(job.pk, viewer, enqueue=False)
    with capture(execute=True):
        return apply_import(job.pk)


def test_each_new_account_gets_one_invitation_in_vietnamese(
    org, django_capture_on_commit_callbacks
):
    existing = StaffProfileFactory(staff_code="QT-9", unit=org.so_quang_tri)
    rows = [
        staff_row(),
        staff_row(name="Lê Thị Bình", code="QT-2", email="binh@example.vn"),
        staff_row(name="Hồ Văn Cảnh", code="QT-3", email=""),
        staff_row(name=existing.full_name, code="QT-9", email=existing.user.email),
    ]

    job = run(rows, django_capture_on_commit_callbacks)

    assert (job.created_rows, job.updated_rows) == (3, 1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "an@example.vn",
        "binh@example.vn",
    ]
    message = next(m for m in mail.outbox if m.to == ["an@example.vn"])
    assert "mật khẩu" in message.subject
    assert "Nguyễn Văn An" in message.body
    assert "Tập huấn KH&CN" in message.body
    assert "https://taphuan.example.vn/accounts/reset/" in message.body
    invited = StaffProfile.objects.get(staff_code="QT-0001")
    assert invited.invited_at is not None
    assert invited.source_import == job
    assert StaffProfile.objects.get(staff_code="QT-3").invited_at is None
    existing.refresh_from_db()
    assert existing.invited_at is None
    # A retried task, or the same file imported again, invites no one twice.
    assert send_invitations(list(User.objects.values_list("pk", flat=True))) == 0
    run(rows, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_the_link_lets_the_person_choose_a_password_and_sign_in(
    org, client, django_capture_on_commit_callbacks
):
    run([staff_row()], django_capture_on_commit_callbacks)
    [message] = mail.outbox
    link = LINK.search(message.body)
    assert link is not None
    response = client.get(urlparse(link.group(0)).path)
    assert response.status_code == 302
    response = client.post(
        response.url, {"new_password1": "Tap-huan-2026!", "new_password2": "Tap-huan-2026!"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="an@example.vn")
    assert user.check_password("Tap-huan-2026!")
    # Used once: the same link no longer opens the form.
    response = client.get(urlparse(link.group(0)).path, follow=True)
    assert "new_password1" not in response.content.decode()


class TestResend:
    @pytest.fixture
    def manager(self, org) -> User:
        return make_person(Role.PROVINCE_MANAGER, unit=org.so_quang_tri)

    @pytest.fixture
    def imported(self, org, manager, django_capture_on_commit_callbacks) -> StaffImport:
        rows = [staff_row(), staff_row(name="Lê Thị Bình", code="QT-2", email="binh@example.vn")]
        job = run(rows, django_capture_on_commit_callbacks, manager)
        mail.outbox.clear()
        return job

    def resend(self, client, profile: StaffProfile, job: StaffImport, capture):  # type: ignore[no-untyped-def]
        with capture(execute=True):
            return client.post(
                reverse("people_import:resend_invitation", args=[profile.pk]),
                {"job": job.pk},
                follow=True,
            )

    def test_the_status_screen_lists_the_new_accounts_with_a_resend_button(
        self, org, client, manager, imported
    ):
        client.force_login(manager)
        html = client.get(reverse("people_import:status", args=[imported.pk])).content.decode()
        for profile in imported.created_staff.all():
            assert profile.full_name in html
            assert reverse("people_import:resend_invitation", args=[profile.pk]) in html

    def test_a_province_manager_resends_to_their_provinces_staff(
        self, org, client, manager, imported, django_capture_on_commit_callbacks
    ):
        client.force_login(manager)
        profile = StaffProfile.objects.get(staff_code="QT-0001")
        response = self.resend(client, profile, imported, django_capture_on_commit_callbacks)
        assert response.redirect_chain[-1][0] == reverse("people_import:status", args=[imported.pk])
        assert [message.to for message in mail.outbox] == [["an@example.vn"]]

    def test_a_manager_of_another_province_cannot_resend(
        self, org, client, imported, django_capture_on_commit_callbacks
    ):
        client.force_login(make_person(Role.PROVINCE_MANAGER, unit=org.so_ha_noi))
        profile = StaffProfile.objects.get(staff_code="QT-0001")
        response = self.resend(client, profile, imported, django_capture_on_commit_callbacks)
        assert mail.outbox == []
        assert response.redirect_chain[-1][0] == reverse("people_import:upload")

    def test_no_invitation_once_a_password_is_chosen(
        self, org, client, imported, django_capture_on_commit_callbacks
    ):
        client.force_login(make_person(Role.MINISTRY_ADMIN, unit=org.vu_phap_che))
        profile = StaffProfile.objects.get(staff_code="QT-0001")
        profile.user.set_password("Tap-huan-2026!")
        profile.user.save()
        response = self.resend(client, profile, imported, django_capture_on_commit_callbacks)
        assert mail.outbox == []
        assert "Người này đã đặt mật khẩu." in response.content.decode()

    def test_a_trainer_may_not_resend(
        self, org, client, imported, django_capture_on_commit_callbacks
    ):
        client.force_login(make_person(Role.TRAINER, unit=org.so_quang_tri))
        profile = StaffProfile.objects.get(staff_code="QT-0001")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("people_import:resend_invitation", args=[profile.pk]))
        assert response.status_code == 403
        assert mail.outbox == []
