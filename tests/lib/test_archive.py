"""The zip checks H5P and SCORM share: problem codes mean one thing across formats."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils.translation import gettext_lazy as _

from lib.archive import ARCHIVE_MESSAGES, Limits, Problem, register_messages, scan_archive

LIMITS = Limits(
    max_upload=10**6, max_total=10**6, max_file=10**6, max_files=10, max_ratio=100, max_json=10**5
)


def test_a_code_cannot_be_registered_with_another_meaning():
    register_messages({"unsafe_path": ARCHIVE_MESSAGES["unsafe_path"]})  # same message: fine
    with pytest.raises(ValueError, match="unsafe_path"):
        register_messages({"unsafe_path": _("Something else entirely.")})


def test_scan_keeps_safe_files_and_names_each_unsafe_one():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("ok/index.html", b"<p>")
        zf.writestr("../thoat.html", b"x")
        zf.writestr("OK/INDEX.HTML", b"<p>")
    with zipfile.ZipFile(buffer) as zf:
        scan = scan_archive(zf, LIMITS)
    assert [info.filename for info in scan.files] == ["ok/index.html"]
    assert scan.problems == [
        Problem("unsafe_path", {"name": "../thoat.html"}),
        Problem("duplicate", {"name": "OK/INDEX.HTML"}),
    ]
