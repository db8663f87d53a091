"""manage.py import_scorm: one line per file, non-zero exit when any file is rejected."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from scorm.models import ScormActivityPage, ScormPackage
from scorm.package_builder import build_zip
from tests.scorm.packages import build_12, build_2004, entries_12, write

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        with translation.override("vi"):
            call_command("import_scorm", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_imports_both_versions_one_line_each(tmp_path):
    first = write(tmp_path / "bai-12.zip", build_12())
    second = write(tmp_path / "bai-2004.zip", build_2004())
    out, error = _run(str(first), str(second))
    assert error is None, out
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{first}: đã nhận") and "SCORM 1.2" in lines[0]
    assert lines[1].startswith(f"{second}: đã nhận") and "SCORM 2004 4th Edition" in lines[1]
    assert ScormPackage.objects.filter(status=ScormPackage.Status.READY).count() == 2


def test_reports_each_rejected_file_and_exits_non_zero(tmp_path):
    good = write(tmp_path / "tot.zip", build_12())
    entries = entries_12()
    del entries["sco.js"]
    entries["../../thoat.html"] = b"<p>"
    bad = write(tmp_path / "xau.zip", build_zip(entries))
    missing = tmp_path / "khong-co.zip"
    out, error = _run(str(good), str(bad), str(missing))
    assert error is not None
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert "../../thoat.html" in lines[1] and "sco.js" in lines[1] and "bị từ chối" in lines[1]
    assert lines[2].startswith(f"{missing}: ")
    assert ScormPackage.objects.count() == 1
    assert (
        not default_storage.exists("scorm/uploads")
        or not default_storage.listdir("scorm/uploads")[1]
    )


def test_course_option_adds_an_activity_to_the_first_module(tmp_path, course):
    package = write(tmp_path / "bai.zip", build_2004())
    out, error = _run(str(package), "--course", course.slug, "--publish")
    assert error is None, out
    page = ScormActivityPage.objects.get()
    assert page.live and page.get_parent().get_parent().specific == course
    assert str(page.pk) in out
