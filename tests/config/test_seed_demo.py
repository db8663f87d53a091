import unicodedata

import pytest
from django.core.management import call_command

from courses.models import CoursePage, DecentralisedTask, Enrolment, Field, LessonPage, ModulePage
from people.models import Province, Unit, User
from people.roles import Role, has_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_loads_the_organisation_catalogue_and_accounts(seeded):
    assert Province.objects.count() == 34
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() == 34
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE).exists()
    assert Unit.objects.filter(name="Vụ Pháp chế", kind=Unit.Kind.MINISTRY_UNIT).exists()
    assert Field.objects.count() == 8
    assert DecentralisedTask.objects.count() >= 20
    courses = CoursePage.objects.live()
    assert courses.filter(field__isnull=True).count() == 1
    assert set(Field.objects.values_list("pk", flat=True)) <= set(
        courses.values_list("field", flat=True)
    )
    for course in courses:
        modules = ModulePage.objects.live().child_of(course)
        assert modules.count() >= 2, course.title
        for module in modules:
            assert LessonPage.objects.live().child_of(module).count() >= 2, module.title


def _check_nfc():
    for lesson in LessonPage.objects.all():
        assert unicodedata.is_normalized("NFC", lesson.title)
        assert unicodedata.is_normalized("NFC", str(lesson.body.raw_data))


def _check_accounts():
    roles = {
        "admin": Role.MINISTRY_ADMIN,
        "giangvien": Role.TRAINER,
        "quanly.quangtri": Role.PROVINCE_MANAGER,
        "hocvien": Role.LEARNER,
    }
    for username, role in roles.items():
        user = User.objects.get(username=username)
        assert has_role(user, role)
        assert user.check_password("demo12345")
    assert User.objects.get(username="quanly.quangtri").profile.province.name == "Quảng Trị"
    hocvien = User.objects.get(username="hocvien")
    assert hocvien.profile.unit.name == "Sở Khoa học và Công nghệ Quảng Trị"
    assert not has_role(hocvien, Role.PROVINCE_MANAGER)


def test_running_twice_changes_nothing_and_accounts_work(seeded):
    _check_accounts()
    _check_nfc()
    counts = (
        Province.objects.count(),
        Unit.objects.count(),
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        User.objects.count(),
        Enrolment.objects.count(),
    )
    call_command("seed_demo", verbosity=0)
    assert counts == (
        Province.objects.count(),
        Unit.objects.count(),
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        User.objects.count(),
        Enrolment.objects.count(),
    )


def test_no_demo_accounts_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", verbosity=0)
    assert not User.objects.filter(username="hocvien").exists()
    assert CoursePage.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert User.objects.filter(username="hocvien").exists()
