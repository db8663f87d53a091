"""A new lesson's first "Gửi duyệt" succeeds although autosave already created its draft."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from courses.models import LessonPage, ModulePage
from people.roles import Role
from tests.factories import MinistryUnitFactory, make_course, make_person

pytestmark = pytest.mark.django_db

_INPUT = re.compile(r"<input[^>]*>")
_ATTR = re.compile(r'(name|value|type)="([^"]*)"')


def _opened_form(client: Client, url: str) -> dict[str, str]:
    """The values the browser would post from the create form as Wagtail renders it."""
    html = client.get(url).content.decode()
    data = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("name") and attrs.get("type") in ("hidden", "text", "number", None):
            data[attrs["name"]] = attrs.get("value", "")
    return data


@pytest.fixture
def opened(client):  # type: ignore[no-untyped-def]
    module = ModulePage.objects.child_of(make_course(modules=1, lessons_per_module=0)).get()
    client.force_login(make_person(Role.TRAINER, unit=MinistryUnitFactory()))
    url = f"/admin/pages/add/courses/lessonpage/{module.pk}/"
    data = _opened_form(client, url)
    data.update(title="Thực hành: tra cứu đơn", slug="thuc-hanh-tra-cuu-don", minutes="20")
    data["body-count"] = "0"  # written by the StreamField script
    return module, url, data


def test_submit_after_autosave_submits_the_autosaved_draft(client, opened):
    module, url, data = opened
    autosave = client.post(url, data, HTTP_ACCEPT="application/json")
    assert autosave.json()["success"]

    # The click on "Gửi duyệt" left before the autosave's answer changed the form's action.
    response = client.post(url, {**data, "action-submit": "1"})

    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = LessonPage.objects.child_of(module).get()
    assert lesson.slug == "thuc-hanh-tra-cuu-don"
    assert lesson.workflow_in_progress
    assert lesson.get_latest_revision().as_object().minutes == 20


def test_an_autosave_arriving_after_the_submit_adds_nothing(client, opened):
    module, url, data = opened
    assert client.post(url, {**data, "action-submit": "1"}).status_code == 302
    lesson = LessonPage.objects.child_of(module).get()
    revisions = lesson.revisions.count()

    late = client.post(url, data, HTTP_ACCEPT="application/json")

    assert late.status_code == 400 and late.json()["error_code"] == "invalid_revision"
    assert LessonPage.objects.child_of(module).count() == 1
    assert lesson.revisions.count() == revisions
    assert LessonPage.objects.get(pk=lesson.pk).workflow_in_progress


def test_another_person_posting_the_same_key_creates_nothing_of_theirs(client, opened):
    module, url, data = opened
    assert client.post(url, data, HTTP_ACCEPT="application/json").json()["success"]
    other = Client()
    other.force_login(make_person(Role.TRAINER, unit=MinistryUnitFactory()))

    response = other.post(url, {**data, "action-submit": "1"})

    # Not an edit of the first trainer's draft: Wagtail's own create view answers, slug taken.
    assert response.status_code == 200
    assert LessonPage.objects.child_of(module).count() == 1
    assert not LessonPage.objects.child_of(module).get().workflow_in_progress


def test_a_form_without_key_still_creates_pages(client, opened):
    module, url, data = opened
    del data["create_form_key"]
    assert client.post(url, {**data, "action-submit": "1"}).status_code == 302
    assert LessonPage.objects.child_of(module).get().workflow_in_progress
