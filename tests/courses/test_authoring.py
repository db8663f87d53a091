"""Trainers draft in Wagtail; a ministry admin approves through the workflow before publication."""

import pytest
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage
from courses.setup import WORKFLOW_NAME
from people.roles import Role
from tests.factories import FieldFactory, MinistryUnitFactory, make_person

pytestmark = pytest.mark.django_db


def draft_course(trainer) -> CoursePage:
    catalogue = CourseIndexPage.objects.get()
    course = catalogue.add_child(
        instance=CoursePage(
            title="Quản lý tần số cho cấp tỉnh",
            slug="quan-ly-tan-so",
            summary="Khóa học mới của giảng viên.",
            field=FieldFactory(),
            live=False,
            owner=trainer,
        )
    )
    course.save_revision(user=trainer)
    return course


def test_trainer_can_draft_but_not_publish():
    trainer = make_person(Role.TRAINER, unit=MinistryUnitFactory())
    catalogue = CourseIndexPage.objects.get()
    assert catalogue.permissions_for_user(trainer).can_add_subpage()
    course = draft_course(trainer)
    permissions = course.permissions_for_user(trainer)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_course_goes_live_only_after_the_ministry_admin_approves():
    trainer = make_person(Role.TRAINER, unit=MinistryUnitFactory())
    admin = make_person(Role.MINISTRY_ADMIN, unit=MinistryUnitFactory())
    course = draft_course(trainer)
    workflow = course.get_workflow()
    assert workflow.name == WORKFLOW_NAME

    state = workflow.start(course, trainer)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(course, make_person())
    assert task.get_actions(course, trainer) == []
    assert [action[0] for action in task.get_actions(course, admin)][:2] == ["reject", "approve"]

    task.on_action(task_state, admin, "approve")
    course.refresh_from_db()
    assert course.live


def test_learner_cannot_open_the_admin(client):
    client.force_login(make_person())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


def test_trainer_opens_the_course_editor(client):
    trainer = make_person(Role.TRAINER, unit=MinistryUnitFactory())
    client.force_login(trainer)
    catalogue = CourseIndexPage.objects.get()
    response = client.get(f"/admin/pages/add/courses/coursepage/{catalogue.pk}/")
    assert response.status_code == 200
    assert "Lĩnh vực" in response.content.decode()
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/add/courses/homepage/{home.pk}/").status_code in (302, 403)
