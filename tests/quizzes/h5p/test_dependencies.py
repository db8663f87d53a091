"""Which libraries a content loads and in which order (as the H5P core), and what the player
is fed: the resolver, the play-time h5p.json and library.json views, and upload checks."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.utils import translation

from quizzes.h5p import selectors
from quizzes.h5p.manifest import build_manifest
from quizzes.h5p.validate import LibraryRef, PackageRejected, validate_package
from quizzes.h5p.validate.dependencies import play_order, play_roots
from tests.quizzes.h5p import dependency_packages as packages
from tests.quizzes.h5p.factories import make_content, submit


def _ref(machine: str, major: int = 1, minor: int = 1) -> LibraryRef:
    return LibraryRef(machine, major, minor)


def _dep(machine: str) -> dict[str, Any]:
    return {"machineName": machine, "majorVersion": 1, "minorVersion": 1}


def _store(**graph: list[str]) -> dict[str, dict[str, Any]]:
    """library.json by key for a graph given as name=[preloaded names]."""
    return {
        f"{name}-1.1": {
            "machineName": name,
            "majorVersion": 1,
            "minorVersion": 1,
            "preloadedDependencies": [_dep(d) for d in deps],
        }
        for name, deps in graph.items()
    }


def _order(store: dict[str, dict[str, Any]], *roots: str) -> list[str]:
    result = play_order([_ref(r) for r in roots], lambda ref: store.get(ref.key))
    assert not result.cycle and not result.missing
    return [ref.machine_name for ref in result.libraries]


def test_dependencies_come_before_the_library_that_needs_them():
    store = _store(A=["B"], B=["C"], C=["D"], D=["E"], E=[])
    assert _order(store, "A") == ["E", "D", "C", "B", "A"]


def test_diamond_loads_the_shared_library_once_before_both_users():
    store = _store(A=["B", "C"], B=["D"], C=["D"], D=[])
    assert _order(store, "A") == ["D", "B", "C", "A"]
    # The order comes from the dependencies, not from how h5p.json happens to list them.
    assert _order(store, "A", "C", "B", "D") == ["D", "B", "C", "A"]


def test_later_roots_follow_in_their_order_and_each_library_loads_once():
    store = _store(Main=["Util"], Column=["Util", "Text"], Text=[], Util=[])
    assert _order(store, "Column", "Main") == ["Util", "Text", "Column", "Main"]


def test_editor_and_dynamic_dependencies_are_not_loaded():
    store = _store(A=["B"], B=[], Ed=[], Dyn=[])
    store["A-1.1"]["editorDependencies"] = [_dep("Ed")]
    store["A-1.1"]["dynamicDependencies"] = [_dep("Dyn")]
    assert _order(store, "A") == ["B", "A"]


def test_editor_libraries_listed_in_h5p_json_are_not_loaded():
    store = _store(A=["B"], B=[], Ed=["EdWidget"], EdWidget=[])
    store["A-1.1"]["editorDependencies"] = [_dep("Ed")]
    h5p = {"mainLibrary": "A", "preloadedDependencies": [_dep(n) for n in ("A", "Ed", "EdWidget")]}
    roots = play_roots(h5p, lambda ref: store.get(ref.key))
    assert [ref.machine_name for ref in roots] == ["A"]


def test_a_cycle_is_reported_with_its_path():
    store = _store(A=["B"], B=["C"], C=["A"])
    result = play_order([_ref("A")], lambda ref: store.get(ref.key))
    assert [ref.machine_name for ref in result.cycle] == ["A", "B", "C", "A"]


def test_a_missing_library_is_reported_with_who_needs_it():
    store = _store(A=["B"], B=["Gone"])
    result = play_order([_ref("A")], lambda ref: store.get(ref.key))
    assert [(ref.machine_name, by.machine_name if by else None) for ref, by in result.missing] == [
        ("Gone", "B")
    ]


def test_the_player_is_fed_a_chain_that_only_allows_the_core_order():
    store = _store(A=["B", "C"], B=["D"], C=["D"], D=[])
    store["A-1.1"]["editorDependencies"] = [_dep("Ed")]
    store["A-1.1"]["minorVersion"] = 1
    h5p = {"title": "x", "mainLibrary": "A", "preloadedDependencies": [_dep("A"), _dep("Ed")]}
    manifest = build_manifest(h5p, store)

    listed = manifest.h5p_json()["preloadedDependencies"]
    assert [d["machineName"] for d in listed] == ["D", "B", "C", "A"]
    previous = {
        key: manifest.library_json(key)["preloadedDependencies"]  # type: ignore[index]
        for key in ("D-1.1", "B-1.1", "C-1.1", "A-1.1")
    }
    assert previous == {
        "D-1.1": [],
        "B-1.1": [{"machineName": "D", "majorVersion": "1", "minorVersion": "1"}],
        "C-1.1": [{"machineName": "B", "majorVersion": "1", "minorVersion": "1"}],
        "A-1.1": [{"machineName": "C", "majorVersion": "1", "minorVersion": "1"}],
    }
    assert "editorDependencies" not in manifest.library_json("A-1.1")  # type: ignore[operator]
    assert manifest.library_json("Ed-1.1") is None


def test_css_dropped_by_a_loaded_library_is_not_listed():
    store = _store(A=["B"], B=[])
    for data in store.values():
        data["preloadedCss"] = [{"path": "x.css"}]
    store["A-1.1"]["dropLibraryCss"] = [{"machineName": "B"}]
    manifest = build_manifest({"mainLibrary": "A", "preloadedDependencies": [_dep("A")]}, store)
    assert "preloadedCss" not in manifest.library_json("B-1.1")  # type: ignore[operator]
    assert manifest.library_json("A-1.1")["preloadedCss"] == [{"path": "x.css"}]  # type: ignore[index]


def test_a_main_library_with_minor_version_zero_is_named_in_full():
    store = {"A-1.0": {"machineName": "A", "majorVersion": 1, "minorVersion": 0}}
    manifest = build_manifest(
        {
            "mainLibrary": "A",
            "preloadedDependencies": [{"machineName": "A", "majorVersion": 1, "minorVersion": 0}],
        },
        store,
    )
    # h5p-standalone skips a falsy minor version (0) when it names the main library.
    assert manifest.library_json("A-1.0")["minorVersion"] == "0"  # type: ignore[index]


def _cyclic_package() -> bytes:
    a, b = ("H5P.TapHuanLoopA", 1, 1), ("H5P.TapHuanLoopB", 1, 1)
    entries: dict[str, bytes] = {}
    entries.update(
        packages.library_entries(
            packages.library_json(a, runnable=True, preloadedDependencies=[packages.dependency(b)]),
            packages.runnable_script(a[0], []),
        )
    )
    entries.update(
        packages.library_entries(
            packages.library_json(b, preloadedDependencies=[packages.dependency(a)]),
            packages.library_script(b[0], []),
        )
    )
    return packages.package("Vòng lặp", a, [a], entries)


def test_a_dependency_cycle_is_refused_at_upload_in_vietnamese(db):
    with pytest.raises(PackageRejected) as rejected:
        submit(_cyclic_package())
    with translation.override("vi"):
        messages = rejected.value.messages()
    assert messages == [
        "Các thư viện phụ thuộc lẫn nhau thành vòng tròn (H5P.TapHuanLoopA 1.1 → "
        "H5P.TapHuanLoopB 1.1 → H5P.TapHuanLoopA 1.1) nên không thể nạp theo thứ tự."
    ]


def test_a_missing_dependency_of_a_library_is_named_at_upload(db):
    entries = packages.chain_libraries()
    del entries["H5P.TapHuanChainL3-1.1/library.json"]
    del entries["H5P.TapHuanChainL3-1.1/lib.js"]
    del entries["H5P.TapHuanChainL3-1.1/lib.css"]
    data = packages.package("x", packages.CHAIN[0], [packages.CHAIN[0]], entries)
    report = validate_package("x.h5p", io.BytesIO(data), len(data), {})
    assert [p.code for p in report.problems] == ["missing_library", "export_with_libraries"]
    assert report.problems[0].params == {"library": "H5P.TapHuanChainL3 1.1"}


@pytest.mark.parametrize(
    ("build", "order"),
    [
        (packages.editor_package, ["TapHuanBookUtil", "TapHuanBook"]),
        (packages.chain_package, [ref[0].rsplit(".", 1)[1] for ref in reversed(packages.CHAIN)]),
        (
            packages.diamond_package,
            ["TapHuanDiamondD", "TapHuanDiamondB", "TapHuanDiamondC", "TapHuanDiamondA"],
        ),
    ],
)
def test_accepted_packages_record_what_the_player_loads_and_may_fetch(db, build, order):
    content = make_content(build())
    manifest = selectors.play_manifest(content)
    assert [ref.machine_name.rsplit(".", 1)[1] for ref in manifest.order] == order
    # Editor libraries are stored with the package but never served to the player.
    assert not any(key.startswith("H5PEditor.") for key in content.dependency_keys)
    assert sorted(content.dependency_keys) == sorted(ref.key for ref in manifest.order)


def test_editor_libraries_need_no_approval_to_play(db):
    from quizzes.h5p.models import H5PLibrary

    content = make_content(packages.editor_package(), approve=False)
    H5PLibrary.objects.exclude(machine_name__startswith="H5PEditor.").update(approved=True)
    assert selectors.is_playable(content)


def test_served_h5p_json_lists_the_core_order(db):
    content = make_content(packages.diamond_package())
    served = selectors.play_manifest(content).h5p_json()
    assert served["mainLibrary"] == "H5P.TapHuanDiamondA"
    assert [d["machineName"] for d in served["preloadedDependencies"]] == [
        "H5P.TapHuanDiamondD",
        "H5P.TapHuanDiamondB",
        "H5P.TapHuanDiamondC",
        "H5P.TapHuanDiamondA",
    ]
    assert json.dumps(served)  # plain JSON
