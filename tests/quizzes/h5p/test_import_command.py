"""manage.py import_h5p: one line per file, non-zero exit when any file is rejected."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.h5p.models import H5PActivityPage, H5PContent
from tests.quizzes.h5p.factories import stored_files
from tests.quizzes.h5p.packages import build_zip, package_entries, write_package

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("import_h5p", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_imports_every_valid_file(tmp_path):
    first = write_package(tmp_path / "mot.h5p")
    second = write_package(tmp_path / "hai.h5p")
    out, error = _run(str(first), str(second))
    assert error is None
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{first}: ") and lines[1].startswith(f"{second}: ")
    assert H5PContent.objects.filter(status=H5PContent.Status.READY).count() == 2


def test_reports_each_rejected_file_and_exits_non_zero(tmp_path):
    good = write_package(tmp_path / "tot.h5p")
    entries = package_entries()
    entries["content/shell.php"] = b"<?php"
    entries["../../escape.json"] = b"{}"
    bad = write_package(tmp_path / "xau.h5p", build_zip(entries))
    missing = tmp_path / "khong-co.h5p"
    out, error = _run(str(good), str(bad), str(missing))
    assert error is not None
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert "content/shell.php" in lines[1] and "../../escape.json" in lines[1]
    assert lines[2].startswith(f"{missing}: ")
    assert H5PContent.objects.count() == 1
    assert all(not name.endswith(".php") for name in stored_files())


def test_course_option_adds_an_activity_to_the_first_module(tmp_path, course):
    package = write_package(tmp_path / "mot.h5p")
    out, error = _run(str(package), "--course", course.slug, "--publish")
    assert error is None
    page = H5PActivityPage.objects.get()
    assert page.live and page.get_parent().get_parent().specific == course
    assert str(page.pk) in out


def test_course_option_creates_drafts_by_default(tmp_path, course):
    _run(str(write_package(tmp_path / "mot.h5p")), "--course", course.slug)
    assert not H5PActivityPage.objects.get().live


def test_unknown_course_is_an_error(tmp_path):
    _, error = _run(str(write_package(tmp_path / "mot.h5p")), "--course", "khong-ton-tai")
    assert error is not None
    assert H5PContent.objects.count() == 0
