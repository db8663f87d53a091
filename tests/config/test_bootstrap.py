"""`bootstrap` creates what production needs and nothing of the demo; `seed_demo` builds on it."""

import filecmp
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site, Workflow

from certificates.models import CertificateTemplate
from courses.models import CourseIndexPage, CoursePage, DecentralisedTask, Field
from people.models import Province, Unit, User
from people.roles import Role
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary
from quizzes.models import Question, QuizPage
from scorm.models import ScormActivityPage, ScormPackage
from training.models import Session

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Province.objects.count(),
        Unit.objects.count(),
        Field.objects.count(),
        DecentralisedTask.objects.count(),
        Group.objects.count(),
        Page.objects.count(),
        Workflow.objects.count(),
        CertificateTemplate.objects.count(),
    )


def test_bootstrap_creates_the_organisation_catalogue_and_groups_without_demo():
    Province.objects.all().delete()
    Field.objects.all().delete()
    Group.objects.all().delete()

    call_command("bootstrap", verbosity=0)

    assert Province.objects.count() == 34
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() == 34
    assert Unit.objects.filter(name="Vụ Pháp chế", kind=Unit.Kind.MINISTRY_UNIT).exists()
    assert Field.objects.count() == 8
    assert DecentralisedTask.objects.count() >= 20
    assert set(Group.objects.values_list("name", flat=True)) == {role.value for role in Role}
    assert Group.objects.get(name=Role.TRAINER.value).permissions.exists()
    assert CourseIndexPage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == "HomePage"
    assert Workflow.objects.exists()

    assert not User.objects.exists()
    assert not CoursePage.objects.exists()
    assert not QuizPage.objects.exists()
    assert not Question.objects.exists()
    assert not Session.objects.exists()
    assert not H5PContent.objects.exists()
    assert not H5PLibrary.objects.exists()
    assert not H5PActivityPage.objects.exists()
    assert not ScormPackage.objects.exists()


def test_bootstrap_twice_changes_nothing():
    call_command("bootstrap", verbosity=0)
    first = _counts()
    call_command("bootstrap", verbosity=0)
    assert _counts() == first


def test_seed_demo_adds_one_playable_h5p_and_scorm_activity_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    activity = H5PActivityPage.objects.live().get()
    overview = CoursePage.objects.get(field__isnull=True)
    assert activity.is_descendant_of(overview)
    assert activity.content.status == H5PContent.Status.READY
    assert H5PLibrary.objects.get().approved_by == User.objects.get(username="admin")
    assert H5PContent.objects.count() == 1

    scorm = ScormActivityPage.objects.live().get()
    assert scorm.is_descendant_of(overview)
    assert scorm.package.status == ScormPackage.Status.READY
    assert ScormPackage.objects.count() == 1


def test_seed_demo_without_debug_adds_no_h5p_or_scorm(settings):
    settings.DEBUG = False
    call_command("seed_demo", verbosity=0)
    assert CoursePage.objects.exists()
    assert not H5PContent.objects.exists()
    assert not ScormPackage.objects.exists()


def test_demo_library_is_the_one_the_tests_play():
    demo = Path(settings.BASE_DIR) / "quizzes/h5p/demo/H5P.TapHuanTestQuiz-1.1"
    fixture = Path(__file__).parents[1] / "quizzes/h5p/fixtures/H5P.TapHuanTestQuiz-1.1"
    files = sorted(p.relative_to(fixture).as_posix() for p in fixture.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(demo).as_posix() for p in demo.rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(fixture, demo, files, shallow=False)
    assert (mismatch, errors) == ([], [])
