"""Managers see what staff ask the assistant and what went unanswered, within their scope."""

from __future__ import annotations

import pytest

from assistant import selectors
from assistant.models import AskedQuestion
from people.roles import Role
from tests.assistant.factories import make_field
from tests.factories import DepartmentFactory, ProvinceFactory, make_person

pytestmark = pytest.mark.django_db

URL = "/quan-ly/tro-ly/"


@pytest.fixture
def asked():
    field = make_field()
    quang_tri = DepartmentFactory(province=ProvinceFactory(name="Quảng Trị"))
    ha_noi = DepartmentFactory(province=ProvinceFactory(name="Hà Nội"))
    staff = {"qt": make_person(unit=quang_tri), "hn": make_person(unit=ha_noi)}
    for key, unit, text, answered in [
        ("qt", quang_tri, "Ai cấp giấy phép đài nghiệp dư?", True),
        ("qt", quang_tri, "Quảng Trị hỏi điều chưa có trong bài", False),
        ("hn", ha_noi, "Hà Nội hỏi điều chưa có trong bài", False),
    ]:
        AskedQuestion.objects.create(
            text=text,
            asker=staff[key],
            province=unit.province,
            field=field,
            answered=answered,
        )
    return field, quang_tri, ha_noi


def test_a_province_manager_sees_only_their_province(client, asked):
    field, quang_tri, _ha_noi = asked
    manager = make_person(
        Role.PROVINCE_MANAGER, unit=DepartmentFactory(province=quang_tri.province)
    )
    rows = selectors.asked_by_field_and_province(manager)
    assert [(r.field, r.province, r.asked, r.unanswered) for r in rows] == [
        (field.name, "Quảng Trị", 2, 1)
    ]
    client.force_login(manager)
    html = client.get(URL).content.decode()
    assert "Quảng Trị hỏi điều chưa có trong bài" in html
    assert "Hà Nội hỏi điều chưa có trong bài" not in html


def test_the_ministry_sees_every_province(client, asked):
    admin = make_person(Role.MINISTRY_ADMIN)
    rows = selectors.asked_by_field_and_province(admin)
    assert {(r.province, r.asked, r.unanswered) for r in rows} == {
        ("Quảng Trị", 2, 1),
        ("Hà Nội", 1, 1),
    }
    client.force_login(admin)
    html = client.get(URL).content.decode()
    assert "Hà Nội hỏi điều chưa có trong bài" in html
    assert "Câu hỏi gửi trợ lý" in html


def test_learners_cannot_open_the_manager_view(client, asked):
    client.force_login(make_person())
    assert client.get(URL).status_code == 403
