import unicodedata

import pytest

from people.models import Province, StaffProfile
from people.organisation import load_organisation
from people.roles import Role
from people.scope import Reach, scope_of, scope_to, visible_provinces
from tests.factories import DepartmentFactory, ProvinceFactory, StaffProfileFactory, make_person

pytestmark = pytest.mark.django_db


def profiles_seen_by(viewer):
    return set(
        scope_to(viewer, StaffProfile.objects.all(), province="unit__province", person="user")
    )


def test_scope_by_role():
    home = DepartmentFactory(province=ProvinceFactory(code="quang-tri", name="Quảng Trị"))
    away = DepartmentFactory(province=ProvinceFactory(code="ha-noi", name="Hà Nội"))
    learner = make_person(unit=home)
    manager = make_person(Role.PROVINCE_MANAGER, unit=home)
    admin = make_person(Role.MINISTRY_ADMIN, unit=away)
    stranger = make_person(unit=away)

    assert profiles_seen_by(learner) == {learner.profile}
    assert profiles_seen_by(manager) == {learner.profile, manager.profile}
    assert profiles_seen_by(admin) == {p.profile for p in (learner, manager, admin, stranger)}
    assert scope_of(manager).reach is Reach.PROVINCE
    assert list(visible_provinces(manager)) == [home.province]
    assert visible_provinces(learner).count() == 0


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    make_person()
    assert profiles_seen_by(AnonymousUser()) == set()


def test_names_are_stored_as_nfc_without_padding():
    nfd = unicodedata.normalize("NFD", "  Trần   Thị Ánh  Tuyết ")
    profile = StaffProfileFactory(full_name=nfd, staff_code=" qt-0099 ")
    profile.refresh_from_db()
    assert profile.full_name == "Trần Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", profile.full_name)
    assert profile.staff_code == "QT-0099"


def test_organisation_has_34_provinces_and_is_idempotent():
    load_organisation()
    load_organisation()
    assert Province.objects.count() == 34
    assert Province.objects.get(code="quang-tri").full_name == "Tỉnh Quảng Trị"
    assert Province.objects.get(code="ho-chi-minh").full_name == "Thành phố Hồ Chí Minh"
    assert Province.objects.filter(folded_name="dak lak").exists()
