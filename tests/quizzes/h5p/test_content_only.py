"""Packages exported without their libraries: refused with the missing library versions named
and how to export them, accepted once those versions are installed and approved."""

from __future__ import annotations

import pytest
from django.utils import translation

from quizzes.h5p import selectors
from quizzes.h5p.models import H5PContent, H5PLibrary
from quizzes.h5p.services import approve_library
from quizzes.h5p.validate import PackageRejected
from tests.quizzes.h5p import dependency_packages as packages
from tests.quizzes.h5p.factories import make_content, stored_files, submit

pytestmark = pytest.mark.django_db


def _refusal(data: bytes) -> list[str]:
    with pytest.raises(PackageRejected) as rejected:
        submit(data, name="chuoi-thu-vien.h5p")
    with translation.override("vi"):
        return rejected.value.messages()


def test_content_only_package_names_each_missing_library_and_how_to_export_it():
    messages = _refusal(packages.chain_package(with_libraries=False))

    assert messages[0] == (
        "Thư viện chính H5P.TapHuanChain 1.1 không có trong gói và chưa được cài đặt."
    )
    missing = sorted(messages[1:-1])
    assert missing == sorted(
        f"Cần thư viện {name} nhưng thư viện này không có trong gói và chưa được cài đặt."
        for name in (
            "H5P.TapHuanChainL1 1.1",
            "H5P.TapHuanChainL2 2.3",
            "H5P.TapHuanChainL3 1.1",
            "H5P.TapHuanChainL4 1.2",
        )
    )
    hint = messages[-1]
    assert hint.startswith("Gói này được xuất mà không kèm thư viện.")
    for where in ("Lumi", "Xuất kèm thư viện", "h5p.org", "Tái sử dụng", "Moodle", "Tải về"):
        assert where in hint
    assert not H5PContent.objects.exists()
    assert stored_files() == []


def test_libraries_installed_but_not_approved_are_named_as_waiting_for_approval():
    make_content(packages.chain_package(), approve=False)

    messages = _refusal(packages.chain_package(with_libraries=False))

    assert len(messages) == 5
    assert messages[0] == (
        "Thư viện H5P.TapHuanChain 1.1 đã được cài đặt nhưng quản trị viên cấp Bộ chưa phê "
        "duyệt; hãy tải gói lên lại sau khi thư viện được phê duyệt."
    )
    assert all("chưa phê duyệt" in message for message in messages)
    assert H5PContent.objects.count() == 1


def test_content_only_package_is_accepted_once_its_libraries_are_installed_and_approved(
    ministry_admin,
):
    make_content(packages.chain_package(), approve=False)
    for library in H5PLibrary.objects.all():
        approve_library(library.pk, ministry_admin)

    content = make_content(packages.chain_package(with_libraries=False), approve=False)

    assert content.status == H5PContent.Status.READY
    assert sorted(content.dependency_keys) == sorted(packages.key(ref) for ref in packages.CHAIN)
    assert H5PLibrary.objects.count() == len(packages.CHAIN)
    assert selectors.is_playable(content)
    assert selectors.play_manifest(content).order[-1].machine_name == "H5P.TapHuanChain"


def test_only_the_missing_versions_are_named():
    make_content(packages.chain_package())
    # The same chain, but its main library now wants a newer minor version of L1.
    libraries = packages.chain_libraries()
    main_json = f"{packages.key(packages.CHAIN[0])}/library.json"
    libraries[main_json] = libraries[main_json].replace(
        b'"machineName": "H5P.TapHuanChainL1", "majorVersion": 1, "minorVersion": 1',
        b'"machineName": "H5P.TapHuanChainL1", "majorVersion": 1, "minorVersion": 2',
    )
    assert b'"minorVersion": 2' in libraries[main_json]
    without_l1 = {k: v for k, v in libraries.items() if not k.startswith("H5P.TapHuanChainL1-")}

    messages = _refusal(packages.package("x", packages.CHAIN[0], [packages.CHAIN[0]], without_l1))

    assert messages[0] == (
        "Cần thư viện H5P.TapHuanChainL1 1.2 nhưng thư viện này không có trong gói và chưa "
        "được cài đặt."
    )
    assert len(messages) == 2


def test_installed_editor_libraries_need_no_approval_for_a_content_only_package(ministry_admin):
    make_content(packages.editor_package(), approve=False)
    for library in H5PLibrary.objects.exclude(machine_name__startswith="H5PEditor."):
        approve_library(library.pk, ministry_admin)

    # Its h5p.json lists the editor libraries too, as the full package's did.
    content = make_content(packages.editor_package(with_libraries=False), approve=False)

    assert selectors.is_playable(content)
    assert sorted(content.dependency_keys) == ["H5P.TapHuanBook-1.0", "H5P.TapHuanBookUtil-1.1"]
