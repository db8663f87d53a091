"""Accepting, extracting and sharing packages; library approval; who may upload."""

from __future__ import annotations

import json

import pytest

from courses.models import LessonPage
from quizzes.h5p import selectors
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary
from quizzes.h5p.services import (
    ContentNotReady,
    NotAllowed,
    add_activity_page,
    approve_library,
    extract_content,
)
from quizzes.h5p.tasks import extract_h5p_content
from tests.quizzes.h5p.factories import make_content, stored_files, submit
from tests.quizzes.h5p.packages import QUIZ, build_package, build_zip, package_entries

pytestmark = pytest.mark.django_db


def _library_json(patch: int) -> bytes:
    data = json.loads(package_entries()[f"{QUIZ}/library.json"])
    data["patchVersion"] = patch
    return json.dumps(data).encode()


def test_accepted_package_waits_in_a_temporary_file_until_the_task_runs(trainer):
    content = submit(build_package(), uploader=trainer)
    assert content.status == H5PContent.Status.PENDING
    assert stored_files() == [content.upload_path]
    assert content.upload_path.startswith("h5p/uploads/")
    assert content.uploaded_by == trainer
    assert H5PLibrary.objects.count() == 0


def test_extraction_is_queued_after_commit(trainer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        content = submit(build_package(), uploader=trainer)
    assert len(callbacks) == 1
    content.refresh_from_db()
    assert content.status == H5PContent.Status.READY


def test_extraction_stores_library_once_and_content_files(trainer):
    content = make_content(uploader=trainer, approve=False)
    assert content.main_library == QUIZ
    assert content.dependency_keys == [QUIZ]
    assert content.parameters["correct"] == 1
    assert content.upload_path == ""
    library = H5PLibrary.objects.get()
    assert (library.key, library.version, library.approved) == (QUIZ, "1.1.0", False)
    assert library.uploaded_by == trainer
    files = stored_files()
    assert f"h5p/content/{content.pk}/h5p.json" in files
    assert f"h5p/content/{content.pk}/content/content.json" in files
    assert "h5p/libraries/H5P.TapHuanTestQuiz-1.1.0/quiz.js" in files
    assert not any(name.startswith("h5p/uploads/") for name in files)

    second = make_content(approve=False)
    assert H5PLibrary.objects.count() == 1
    assert set(second.dependencies.all()) == {library}


def test_running_the_task_twice_changes_nothing(trainer):
    content = make_content(uploader=trainer)
    files = stored_files()
    assert extract_h5p_content.delay(content.pk).get() == "ready"
    assert stored_files() == files


def test_package_relying_on_an_installed_library_is_accepted():
    make_content()
    content = make_content(build_package(include_libraries=[]))
    assert content.dependency_keys == [QUIZ]
    assert selectors.is_playable(content)


def test_higher_patch_is_stored_as_new_code_awaiting_approval(ministry_admin):
    make_content()
    entries = package_entries()
    entries[f"{QUIZ}/library.json"] = _library_json(3)
    content = make_content(build_zip(entries), approve=False)
    versions = list(
        H5PLibrary.objects.order_by("patch_version").values_list("patch_version", "approved")
    )
    assert versions == [(0, True), (3, False)]
    # The approved older patch keeps playing until the new code is approved.
    assert selectors.library_to_serve(content, QUIZ).patch_version == 0
    approve_library(H5PLibrary.objects.get(patch_version=3).pk, ministry_admin)
    assert selectors.library_to_serve(content, QUIZ).patch_version == 3


def test_lower_or_equal_patch_is_not_stored_again():
    entries = package_entries()
    entries[f"{QUIZ}/library.json"] = _library_json(5)
    make_content(build_zip(entries))
    make_content()
    assert list(H5PLibrary.objects.values_list("patch_version", flat=True)) == [5]


def test_new_library_code_is_not_playable_until_a_ministry_admin_approves(trainer, ministry_admin):
    content = make_content(uploader=trainer, approve=False)
    assert selectors.unapproved_keys(content) == [QUIZ]
    assert not selectors.is_playable(content)
    library = H5PLibrary.objects.get()
    with pytest.raises(NotAllowed):
        approve_library(library.pk, trainer)
    approve_library(library.pk, ministry_admin)
    library.refresh_from_db()
    assert library.approved and library.approved_by == ministry_admin and library.approved_at
    assert selectors.is_playable(content)


def test_superuser_may_approve(django_user_model):
    admin = django_user_model.objects.create_superuser("sieuquantri", "s@example.vn", "x")
    make_content(approve=False)
    assert approve_library(H5PLibrary.objects.get().pk, admin).approved


def test_learner_may_not_upload(learner):
    with pytest.raises(NotAllowed):
        submit(build_package(), uploader=learner)
    assert H5PContent.objects.count() == 0
    assert stored_files() == []


def test_extraction_of_a_package_that_no_longer_validates_fails_cleanly(settings):
    content = submit(build_package())
    settings.H5P_MAX_FILES = 1
    content = extract_content(content.pk)
    assert content.status == H5PContent.Status.FAILED
    assert content.problems[0]["code"] == "too_many_files"
    assert stored_files() == []


def test_activity_page_is_added_to_the_first_module(course):
    content = make_content()
    page = add_activity_page(content, course, publish=True)
    assert isinstance(page, LessonPage)
    assert page.get_parent().get_parent().specific == course
    assert page.live and page.content == content
    assert H5PActivityPage.manual_completion is False
    assert LessonPage.objects.filter(pk=page.pk).exists()


def test_pending_content_cannot_get_a_page(course):
    content = submit(build_package())
    with pytest.raises(ContentNotReady):
        add_activity_page(content, course)


def test_permissions_are_granted_to_the_role_groups():
    from django.contrib.auth.models import Group

    from people.roles import Role

    trainer_perms = set(
        Group.objects.get(name=Role.TRAINER.value).permissions.values_list("codename", flat=True)
    )
    admin_perms = set(
        Group.objects.get(name=Role.MINISTRY_ADMIN.value).permissions.values_list(
            "codename", flat=True
        )
    )
    assert "add_h5pcontent" in trainer_perms and "change_h5plibrary" not in trainer_perms
    assert "change_h5plibrary" in admin_perms
