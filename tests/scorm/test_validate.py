"""Validation of SCORM packages: our two packages pass with their structure read; every hostile
or broken package is refused with a Vietnamese message naming the problem, and nothing is kept."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from lib.archive import PackageRejected
from scorm.models import Sco, ScormPackage
from scorm.package_builder import build_zip
from scorm.validate import validate_package
from tests.scorm.factories import submit
from tests.scorm.packages import MANIFEST_12, build_12, build_2004, entries_12


def _check(data: bytes, name: str = "bai-hoc.zip"):
    return validate_package(name, io.BytesIO(data), len(data))


def _codes(data: bytes, name: str = "bai-hoc.zip") -> list[str]:
    return [problem.code for problem in _check(data, name).problems]


def _with_manifest(manifest: str, **extra: bytes) -> bytes:
    entries = {**entries_12(), "imsmanifest.xml": manifest.encode(), **extra}
    return build_zip(entries)


def test_scorm_12_package_is_read():
    report = _check(build_12())
    assert report.ok, report.problems
    assert report.manifest.version == "1.2"
    assert report.manifest.title == "Bài học SCORM 1.2: Thẩm quyền cấp phép"
    assert [(s.identifier, s.href, s.scorm_type, s.mastery_score) for s in report.scos] == [
        ("item-1", "index.html", "sco", 70.0)
    ]


def test_scorm_2004_package_is_read_with_its_scos_in_order():
    report = _check(build_2004())
    assert report.ok, report.problems
    assert report.manifest.version == "2004-4"
    assert [s.href for s in report.scos] == ["phan1/index.html", "phan2/index.html"]
    assert [s.title for s in report.scos] == ["Phần 1: Khái niệm", "Phần 2: Kiểm tra"]


@pytest.mark.parametrize(
    ("declared", "version"),
    [("CAM 1.3", "2004-2"), ("2004 3rd Edition", "2004-3"), ("2004 4th Edition", "2004-4")],
)
def test_2004_editions_are_detected(declared, version):
    manifest = MANIFEST_12.replace("<schemaversion>1.2<", f"<schemaversion>{declared}<")
    assert _check(_with_manifest(manifest)).manifest.version == version


TITLE = "<title>Thẩm quyền của Sở KH&amp;CN</title>"
XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
""" + MANIFEST_12.split("?>", 1)[1].replace(TITLE, "<title>&secret;</title>")
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE manifest SYSTEM "http://attacker.invalid/scorm.dtd">
""" + MANIFEST_12.split("?>", 1)[1]
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
""" + MANIFEST_12.split("?>", 1)[1].replace(TITLE, "<title>&b;</title>")


@pytest.mark.parametrize("manifest", [XXE, EXTERNAL_DTD, BILLION_LAUGHS])
def test_entities_and_dtds_are_refused(manifest):
    assert _codes(_with_manifest(manifest)) == ["scorm_xml_forbidden"]


def test_launch_query_and_item_parameters_are_kept():
    manifest = MANIFEST_12.replace('href="index.html">', 'href="index.html?che-do=hoc">').replace(
        'identifierref="res-1">', 'identifierref="res-1" parameters="?bai=1">'
    )
    report = _check(_with_manifest(manifest))
    assert report.ok, report.problems
    assert report.scos[0].href == "index.html?che-do=hoc&bai=1"


def test_missing_resource_file_is_named():
    entries = entries_12()
    del entries["sco.js"]
    report = _check(build_zip(entries))
    assert [(p.code, p.params.get("name")) for p in report.problems] == [
        ("scorm_missing_file", "sco.js")
    ]


def test_item_pointing_to_an_unknown_resource_is_refused():
    manifest = MANIFEST_12.replace('identifierref="res-1"', 'identifierref="khong-co"')
    codes = _codes(_with_manifest(manifest))
    assert "scorm_missing_resource" in codes and "scorm_no_sco" in codes


def test_missing_dependency_is_refused():
    dependency = '<file href="sco.js"/><dependency identifierref="thieu"/>'
    manifest = MANIFEST_12.replace('<file href="sco.js"/>', dependency)
    assert _codes(_with_manifest(manifest)) == ["scorm_missing_dependency"]


def test_href_outside_the_package_is_refused():
    manifest = MANIFEST_12.replace('href="index.html">', 'href="../../etc/passwd">')
    assert "scorm_unsafe_href" in _codes(_with_manifest(manifest))


def test_missing_manifest_and_broken_xml_and_unknown_version():
    entries = entries_12()
    del entries["imsmanifest.xml"]
    assert _codes(build_zip(entries)) == ["scorm_no_manifest"]
    assert _codes(_with_manifest("<manifest><oops></manifest>")) == ["scorm_xml_broken"]
    unknown = MANIFEST_12.replace("<schemaversion>1.2<", "<schemaversion>1.1<")
    assert "scorm_version" in _codes(_with_manifest(unknown))


def _member(name: str, *, mode: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    if mode is not None:
        info.external_attr = mode << 16
    return info


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../thoat.html", "unsafe_path"),
        ("/etc/cron.d/x.html", "unsafe_path"),
        ("a\\b.html", "unsafe_path"),
    ],
)
def test_traversal_and_absolute_paths_are_refused(name, code):
    data = build_zip(entries_12(), raw=[(_member(name), b"x")])
    report = _check(data)
    assert (code, name) in [(p.code, p.params.get("name")) for p in report.problems]


def test_symlink_member_is_refused():
    link = _member("lien-ket.html", mode=stat.S_IFLNK | 0o777)
    data = build_zip(entries_12(), raw=[(link, b"/etc/passwd")])
    assert "symlink" in _codes(data)


def test_zip_bomb_by_ratio_is_refused():
    data = build_zip({**entries_12(), "bom.txt": b"\0" * (20 * 1024 * 1024)})
    assert "zip_bomb" in _codes(data)


def test_size_and_count_limits(settings):
    settings.SCORM_MAX_FILES = 3
    assert _codes(build_2004()) == ["too_many_files"]
    settings.SCORM_MAX_FILES = 3000
    settings.SCORM_MAX_FILE_BYTES = 100
    assert "file_too_big" in _codes(build_12())
    settings.SCORM_MAX_FILE_BYTES = 10**8
    settings.SCORM_MAX_TOTAL_BYTES = 1000
    assert "total_too_big" in _codes(build_12())
    settings.SCORM_MAX_UPLOAD_BYTES = 10
    assert _codes(build_12()) == ["too_big"]


def test_not_a_zip_and_wrong_extension():
    assert _codes(b"not a zip at all", "bai.zip") == ["not_zip"]
    assert "scorm_not_zip_name" in _codes(build_12(), "bai.rar")


def test_rejected_upload_stores_nothing_and_speaks_vietnamese(db):
    data = _with_manifest(XXE)
    with translation.override("vi"), pytest.raises(PackageRejected) as caught:
        submit(data)
    assert caught.value.messages() == [
        "imsmanifest.xml khai báo DTD hoặc thực thể (entity), bị từ chối để bảo vệ máy chủ."
    ]
    assert not ScormPackage.objects.exists() and not Sco.objects.exists()
    uploads = "scorm/uploads"
    assert not default_storage.exists(uploads) or default_storage.listdir(uploads) == ([], [])


def test_accepted_package_is_extracted_by_the_task(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = submit(build_2004())
    package.refresh_from_db()
    assert package.status == ScormPackage.Status.READY
    assert len(package.sha256) == 64 and package.upload_path == ""
    assert [s.identifier for s in package.scos.all()] == ["item-1", "item-2"]
    for name in ("imsmanifest.xml", "phan1/index.html", "shared/sco.js"):
        assert default_storage.exists(f"{package.storage_path}/{name}")
