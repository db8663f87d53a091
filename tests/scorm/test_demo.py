"""The demo SCORM activity: a valid SCORM 2004 package in Vietnamese, imported through the upload
services into a published lesson of the overview course, once however often the demo is loaded."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from django.core.files.storage import default_storage

from courses.models import CoursePage, LessonPage
from jobs.models import PendingTask
from scorm import store
from scorm.demo import COMMUNE, PROVINCE, TITLE, build_demo_package, load_demo_scorm
from scorm.models import Sco, ScormActivityPage, ScormPackage
from scorm.validate import validate_package
from tests.factories import make_course


@pytest.fixture
def overview(db) -> CoursePage:
    """A course with no field, as the demo's overview course is."""
    course = make_course(title="Tổng quan về phân cấp", modules=2, lessons_per_module=1)
    course.field = None
    course.save()
    return course


def test_demo_package_passes_the_validator_as_scorm_2004_4th_edition():
    data = build_demo_package()
    report = validate_package("tu-kiem-tra-phan-cap.zip", io.BytesIO(data), len(data))
    assert report.ok, report.problems
    assert report.manifest.version == "2004-4"
    assert report.manifest.title == TITLE
    assert [(s.identifier, s.title, s.scorm_type) for s in report.scos] == [
        (PROVINCE.identifier, PROVINCE.title, "sco"),
        (COMMUNE.identifier, COMMUNE.title, "sco"),
    ]
    assert build_demo_package() == data  # same bytes, same SHA-256: how a rerun finds it


def test_demo_pages_are_utf8_vietnamese_and_call_the_runtime():
    with zipfile.ZipFile(io.BytesIO(build_demo_package())) as zf:
        pages = [zf.read(name).decode("utf-8") for name in ("phan1/index.html", "phan2/index.html")]
        script = zf.read("shared/sco.js").decode("ascii")
    for page, part in zip(pages, (PROVINCE, COMMUNE), strict=True):
        assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
        assert unicodedata.is_normalized("NFC", page)
        assert part.title in page and "Nộp bài" in page
        assert page.count("<fieldset") == len(part.questions) == 4
    for call in ("Initialize", "GetValue", "SetValue", "Commit", "Terminate", "cmi.suspend_data"):
        assert call in script


def test_loader_adds_a_live_lesson_with_a_stored_launch_file(overview):
    page = load_demo_scorm()

    assert page is not None and page.live
    assert page.title == TITLE
    first_module = overview.get_children().order_by("path").first()
    assert page.get_parent().pk == first_module.pk
    assert page.pk == LessonPage.objects.child_of(first_module).order_by("path").last().pk
    package = page.package
    assert package.status == ScormPackage.Status.READY
    assert package.version == ScormPackage.Version.SCORM_2004_4
    assert package.uploaded_by is None and len(package.sha256) == 64
    launch = package.scos.order_by("order").first()
    assert launch.href == "phan1/index.html"
    assert store.exists(f"{package.storage_path}/{launch.href}")
    assert store.exists(f"{package.storage_path}/shared/sco.js")


def test_second_run_changes_nothing(overview):
    first = load_demo_scorm()
    counts = (ScormPackage.objects.count(), Sco.objects.count(), ScormActivityPage.objects.count())
    folders = default_storage.listdir(f"{store.ROOT}/packages")
    tasks = PendingTask.objects.count()

    second = load_demo_scorm()

    assert second == first
    assert counts == (1, 2, 1)
    assert (
        ScormPackage.objects.count(),
        Sco.objects.count(),
        ScormActivityPage.objects.count(),
    ) == counts
    assert default_storage.listdir(f"{store.ROOT}/packages") == folders
    assert default_storage.listdir(f"{store.ROOT}/uploads")[1] == []
    assert PendingTask.objects.count() == tasks


def test_loader_without_an_overview_course_adds_nothing(db):
    make_course()
    assert load_demo_scorm() is None
    assert not ScormPackage.objects.exists()
