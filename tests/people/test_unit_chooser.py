"""The unit chooser and the units listing find names typed without accents."""

from __future__ import annotations

import re

import pytest

from people.models import Unit
from people.organisation import load_organisation
from people.roles import Role
from people.selectors import matching_units
from tests.factories import MinistryUnitFactory, make_person

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/people/unit/"
_CHOICES = re.compile(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<")


@pytest.fixture
def organisation(client):  # type: ignore[no-untyped-def]
    load_organisation()
    assert Unit.objects.count() > 70
    client.force_login(make_person(Role.TRAINER, unit=MinistryUnitFactory()))
    return client


def _choices(html: str) -> list[str]:
    return _CHOICES.findall(html)


def test_the_chooser_offers_a_search_box(organisation):
    html = organisation.get(CHOOSER).json()["html"]
    assert 'name="q"' in html
    assert "Tên đơn vị, có dấu hay không dấu" in html


def test_accent_free_words_find_the_department(organisation):
    response = organisation.get(f"{CHOOSER}results/", {"q": "so khoa hoc quang tri"})
    assert _choices(response.content.decode()) == ["Sở Khoa học và Công nghệ Quảng Trị"]


def test_every_department_answers_so_khoa_hoc_and_nothing_else(organisation):
    response = organisation.get(f"{CHOOSER}results/", {"q": "So Khoa Hoc"})
    html = response.content.decode()
    departments = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count()
    assert f"{departments}" in html  # "34 kết quả" or the paginator's total
    assert all(name.startswith("Sở Khoa học") for name in _choices(html))


def test_accented_and_mixed_queries_match_too():
    load_organisation()
    units = Unit.objects.all()
    assert matching_units(units, "Sở khoa hoc Hà Nội").get().name.endswith("Hà Nội")
    assert matching_units(units, "vu phap che").get().name == "Vụ Pháp chế"
    assert not matching_units(units, "khong co don vi nay").exists()


def test_the_units_listing_searches_the_same_way(organisation):
    client = organisation
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    response = client.get("/admin/snippets/people/unit/", {"q": "so khoa hoc quang tri"})
    html = response.content.decode()
    assert "Sở Khoa học và Công nghệ Quảng Trị" in html
    assert "Sở Khoa học và Công nghệ Hà Nội" not in html
