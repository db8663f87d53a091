"""Package validation: a genuine package passes; every hostile or broken package is refused
with a reason per problem, and leaves no rows and no files."""

from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest

from quizzes.h5p.models import H5PContent, H5PLibrary
from quizzes.h5p.selectors import approved_libraries
from quizzes.h5p.validate import PackageRejected, validate_package
from tests.quizzes.h5p.factories import make_content, stored_files, submit
from tests.quizzes.h5p.packages import (
    PROBE,
    QUIZ,
    build_package,
    build_zip,
    h5p_json,
    package_entries,
    understate_size,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning"),
]

LIBRARY_JSON = f"{QUIZ}/library.json"


def _entries(**changes: bytes | None) -> dict[str, bytes]:
    entries = package_entries()
    for name, data in changes.items():
        if data is None:
            entries.pop(name, None)
        else:
            entries[name] = data
    return entries


def _library_json(**changes) -> bytes:
    data = json.loads(package_entries()[LIBRARY_JSON])
    data.update(changes)
    return json.dumps(data).encode()


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _with(*extra) -> list:
    return [*package_entries().items(), *extra]


def _bomb() -> bytes:
    return build_zip(_with(("content/zeros.txt", b"\0" * (20 * 1024 * 1024))))


def _rejected(data: bytes, name: str = "goi.h5p") -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        submit(data, name=name)
    assert H5PContent.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert stored_files() == []
    return caught.value


HOSTILE = {
    "not_a_zip": (b"PK\x03\x04 this is not really a zip", {"not_zip"}),
    "zip_slip": (build_zip(_with(("../../evil.js", b"alert(1)"))), {"unsafe_path"}),
    "zip_slip_inside_library": (
        build_zip(_with((f"{QUIZ}/../../../etc/cron.d/x.js", b"x"))),
        {"unsafe_path"},
    ),
    "absolute_path": (build_zip(_with(("/etc/passwd.txt", b"root"))), {"unsafe_path"}),
    "windows_traversal": (build_zip(_with(("content\\..\\..\\evil.json", b"{}"))), {"unsafe_path"}),
    "drive_letter": (build_zip(_with(("C:/Windows/evil.json", b"{}"))), {"unsafe_path"}),
    "symlink": (build_zip(_with(_symlink("content/passwd.txt", "/etc/passwd"))), {"symlink"}),
    "zip_bomb": (_bomb(), {"zip_bomb"}),
    "php_in_content": (
        build_zip(_with(("content/shell.php", b"<?php system($_GET[1]);"))),
        {"content_extension"},
    ),
    "html_in_content": (
        build_zip(_with(("content/page.html", b"<script>1</script>"))),
        {"content_extension"},
    ),
    "js_in_content": (build_zip(_with(("content/run.js", b"1"))), {"content_extension"}),
    "svg_in_content": (build_zip(_with(("content/x.svg", b"<svg/>"))), {"content_extension"}),
    "php_in_library": (build_zip(_with((f"{QUIZ}/x.php", b"<?php"))), {"library_extension"}),
    "html_in_library": (build_zip(_with((f"{QUIZ}/x.html", b"<p>"))), {"library_extension"}),
    "no_extension": (build_zip(_with(("content/README", b"x"))), {"no_extension"}),
    "duplicate_names": (build_zip(_with(("content/content.json", b"{}"))), {"duplicate"}),
    "case_duplicate": (build_zip(_with(("content/Content.JSON", b"{}"))), {"duplicate"}),
    "control_characters": (build_zip(_with(("content/a\x07b.txt", b"x"))), {"bad_name"}),
    "missing_h5p_json": (build_zip(_entries(**{"h5p.json": None})), {"missing_file"}),
    "missing_content_json": (
        build_zip(_entries(**{"content/content.json": None})),
        {"missing_file"},
    ),
    "broken_h5p_json": (build_zip(_entries(**{"h5p.json": b'{"title": "x",'})), {"broken_json"}),
    "broken_content_json": (
        build_zip(_entries(**{"content/content.json": b"{nope"})),
        {"broken_json"},
    ),
    "content_json_not_object": (
        build_zip(_entries(**{"content/content.json": b"[1, 2]"})),
        {"not_object"},
    ),
    "broken_library_json": (build_zip(_entries(**{LIBRARY_JSON: b"\xff\xfe{"})), {"broken_json"}),
    "broken_semantics": (build_zip(_entries(**{f"{QUIZ}/semantics.json": b"[{"})), {"broken_json"}),
    "broken_language_file": (
        build_zip(_entries(**{f"{QUIZ}/language/vi.json": b"{"})),
        {"broken_json"},
    ),
    "bad_language_file_name": (
        build_zip(_with((f"{QUIZ}/language/VI_vn.json", b"{}"))),
        {"language_name"},
    ),
    "missing_library": (build_package(include_libraries=[]), {"missing_main_library"}),
    "missing_dependency": (
        build_zip(
            _entries(
                **{
                    LIBRARY_JSON: _library_json(
                        preloadedDependencies=[
                            {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
                        ]
                    )
                }
            )
        ),
        {"missing_library"},
    ),
    "missing_editor_dependency": (
        build_zip(
            _entries(
                **{
                    LIBRARY_JSON: _library_json(
                        editorDependencies=[
                            {"machineName": "H5PEditor.Text", "majorVersion": 1, "minorVersion": 0}
                        ]
                    )
                }
            )
        ),
        {"missing_library"},
    ),
    "h5p_json_bad_fields": (
        build_zip(
            _entries(
                **{
                    "h5p.json": json.dumps(
                        h5p_json(title="", language="vi_VN!", embedTypes=["popup"])
                    ).encode()
                }
            )
        ),
        {"bad_field"},
    ),
    "main_library_not_preloaded": (
        build_zip(_entries(**{"h5p.json": json.dumps(h5p_json(mainLibrary="H5P.Other")).encode()})),
        {"main_not_preloaded"},
    ),
    "library_json_bad_fields": (
        build_zip(_entries(**{LIBRARY_JSON: _library_json(majorVersion="one", runnable=7)})),
        {"bad_field"},
    ),
    "library_folder_mismatch": (
        build_zip({k.replace(QUIZ, "H5P.Something-1.1"): v for k, v in package_entries().items()}),
        {"library_folder"},
    ),
    "preloaded_file_missing": (
        build_zip(_entries(**{f"{QUIZ}/quiz.js": None})),
        {"preloaded_missing"},
    ),
    "preloaded_path_escapes": (
        build_zip(
            _entries(**{LIBRARY_JSON: _library_json(preloadedJs=[{"path": "../other/x.js"}])})
        ),
        {"preloaded_path"},
    ),
    "newer_core_api": (
        build_zip(
            _entries(
                **{LIBRARY_JSON: _library_json(coreApi={"majorVersion": 2, "minorVersion": 0})}
            )
        ),
        {"core_api"},
    ),
    "wrong_file_name": (build_package(), {"not_h5p"}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_package_is_rejected_naming_the_problem(case):
    data, codes = HOSTILE[case]
    name = "goi.zip" if case == "wrong_file_name" else "goi.h5p"
    rejected = _rejected(data, name)
    assert codes <= {p.code for p in rejected.problems}
    messages = rejected.messages()
    assert len(messages) == len(rejected.problems)
    assert all(messages)


def test_every_problem_is_named(settings):
    data = build_zip(
        _with(
            ("content/shell.php", b"<?php"),
            ("content/page.html", b"<p>"),
            ("../evil.js", b"1"),
        )
    )
    rejected = _rejected(data)
    named = [p.params.get("name") for p in rejected.problems]
    assert {"content/shell.php", "content/page.html", "../evil.js"} <= set(named)


def test_too_many_files(settings):
    settings.H5P_MAX_FILES = 10
    data = build_zip(_with(*[(f"content/images/{i}.png", b"x") for i in range(10)]))
    assert {p.code for p in _rejected(data).problems} == {"too_many_files"}


def test_total_size_limit(settings):
    settings.H5P_MAX_TOTAL_BYTES = 50_000
    data = build_zip(_with(("content/video.mp4", bytes(range(256)) * 300)))
    assert "total_too_big" in {p.code for p in _rejected(data).problems}


def test_per_file_size_limit(settings):
    settings.H5P_MAX_FILE_BYTES = 10_000
    data = build_zip(_with(("content/audio.mp3", bytes(range(256)) * 50)))
    assert "file_too_big" in {p.code for p in _rejected(data).problems}


def test_upload_size_limit(settings):
    settings.H5P_MAX_UPLOAD_BYTES = 1_000
    assert {p.code for p in _rejected(build_package()).problems} == {"too_big"}


def test_json_size_limit_reads_bounded(settings):
    settings.H5P_MAX_JSON_BYTES = 100
    data = build_zip(_entries(**{"content/content.json": b'{"a": "' + b"x" * 500 + b'"}'}))
    assert "json_too_big" in {p.code for p in _rejected(data).problems}


def test_lying_header_is_never_read_past_its_declared_size():
    """A member whose headers understate its size is cut at the declared size and refused."""
    padded = b" " * 200_000 + json.dumps(h5p_json()).encode()
    data = understate_size(build_zip(_entries(**{"h5p.json": padded})), "h5p.json", 100)
    codes = {p.code for p in _rejected(data).problems}
    assert codes & {"unreadable", "broken_json"}


def test_encrypted_member_is_refused():
    data = bytearray(build_zip(_with(("content/secret.txt", b"x"))))
    info_offset = data.rfind(b"PK\x01\x02")  # last central-directory entry
    data[info_offset + 8] |= 0x1  # general purpose flag: encrypted
    rejected = _rejected(bytes(data))
    assert "encrypted" in {p.code for p in rejected.problems}


def test_ignored_files_are_allowed_and_not_stored():
    data = build_zip(_with(("__MACOSX/._h5p.json", b"x"), ("content/.DS_Store", b"x")))
    content = make_content(data)
    assert not any(".DS_Store" in name or "MACOSX" in name for name in stored_files())
    assert content.status == H5PContent.Status.READY


def test_genuine_package_is_valid():
    data = build_package()
    report = validate_package("kiem-tra.h5p", io.BytesIO(data), len(data), {})
    assert report.ok, report.problems
    assert report.title == "Kiểm tra nhanh: thẩm quyền cấp phép"
    assert report.main_library is not None and report.main_library.key == QUIZ


def test_a_dependency_already_installed_counts():
    make_content()
    data = build_package(include_libraries=[])
    report = validate_package("b.h5p", io.BytesIO(data), len(data), approved_libraries())
    assert report.ok, report.problems


def test_probe_package_is_valid():
    data = build_package(PROBE, content={})
    report = validate_package("probe.h5p", io.BytesIO(data), len(data), {})
    assert report.ok, report.problems


def test_message_in_vietnamese_names_the_file():
    from django.utils import translation

    rejected = _rejected(build_zip(_with(("content/shell.php", b"<?php"))))
    with translation.override("vi"):
        message = rejected.problems[0].message()
    assert "content/shell.php" in message
