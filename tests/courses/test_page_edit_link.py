"""Public pages carry a plain "Edit page" link for those who may edit them, not Wagtail's
userbar with its admin assets (issue 11, point 2)."""

import pytest
from django.urls import reverse

from courses.models import LessonPage
from people.roles import Role
from tests.factories import MinistryUnitFactory, make_course, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson() -> LessonPage:
    course = make_course(modules=1, lessons_per_module=1)
    return LessonPage.objects.descendant_of(course).get()


def test_an_editor_gets_a_link_to_the_edit_view_and_no_admin_assets(client, lesson):
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    html = client.get(lesson.url).content.decode()
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    assert f'<a href="{edit_url}">Sửa trang</a>' in html
    assert "wagtail-userbar" not in html
    assert "/static/wagtailadmin/" not in html


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PROVINCE_MANAGER])
def test_who_may_not_edit_the_page_gets_no_link(client, lesson, role):
    client.force_login(make_person(role))
    html = client.get(lesson.url).content.decode()
    assert "Sửa trang" not in html
    assert "/admin/pages/" not in html


def test_pages_that_are_not_wagtail_pages_have_no_link(client):
    client.force_login(make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory()))
    html = client.get(reverse("courses:task_list")).content.decode()
    assert "Sửa trang" not in html
