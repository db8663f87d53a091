"""Trainers create sessions with their parts in the Wagtail admin."""

from __future__ import annotations

import pytest

from people.roles import Role
from tests.factories import MinistryUnitFactory, ProvinceFactory, make_person
from training.models import Part, Session

pytestmark = pytest.mark.django_db


def _form(organiser, province, parts):
    data = {
        "title": "Tập huấn  trực tuyến về tần số vô tuyến điện",
        "summary": "",
        "status": "mo_dang_ky",
        "mode": "truc_tuyen",
        "organiser": organiser.pk,
        "invited_provinces": [province.pk],
        "capacity": "100",
        "registration_deadline": "2030-03-01 17:00",
        "attendance_threshold": "80",
        "parts-TOTAL_FORMS": str(len(parts)),
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "1",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for n, (title, start, end) in enumerate(parts):
        data.update(
            {
                f"parts-{n}-title": title,
                f"parts-{n}-starts_at": start,
                f"parts-{n}-ends_at": end,
                f"parts-{n}-venue": "",
                f"parts-{n}-online_url": "https://hop-truc-tuyen.example.vn/tan-so",
                f"parts-{n}-self_checkin": "on",
                f"parts-{n}-ORDER": str(n + 1),
                f"parts-{n}-id": "",
                f"parts-{n}-DELETE": "",
            }
        )
    return data


def test_a_trainer_creates_a_session_with_two_parts(client):
    trainer = make_person(Role.TRAINER)
    client.force_login(trainer)
    organiser = MinistryUnitFactory(name="Cục Tần số vô tuyến điện")
    province = ProvinceFactory()
    response = client.post(
        "/admin/snippets/training/session/add/",
        _form(
            organiser,
            province,
            [
                ("Sáng: giấy phép đài nghiệp dư", "2030-03-05 08:00", "2030-03-05 11:30"),
                ("Chiều: chứng chỉ nghiệp dư", "2030-03-05 13:30", "2030-03-05 16:00"),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get()
    assert session.title == "Tập huấn trực tuyến về tần số vô tuyến điện"
    assert list(session.invited_provinces.all()) == [province]
    assert Part.objects.filter(session=session).count() == 2


def test_a_part_ending_before_it_starts_is_refused(client):
    client.force_login(make_person(Role.TRAINER))
    response = client.post(
        "/admin/snippets/training/session/add/",
        _form(
            MinistryUnitFactory(),
            ProvinceFactory(),
            [("Phiên lỗi", "2030-03-05 11:00", "2030-03-05 08:00")],
        ),
    )
    assert response.status_code == 200
    assert not Session.objects.exists()
