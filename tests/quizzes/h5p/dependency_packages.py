"""Packages whose libraries depend on each other, built here for tests: editor dependencies,
a deep chain and a diamond. Every library's script records that it ran, and checks that what
it preloads ran before it; the runnable one shows the load order."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tests.quizzes.h5p.packages import build_zip

Ref = tuple[str, int, int]


def key(ref: Ref) -> str:
    return f"{ref[0]}-{ref[1]}.{ref[2]}"


def dependency(ref: Ref) -> dict[str, Any]:
    return {"machineName": ref[0], "majorVersion": ref[1], "minorVersion": ref[2]}


def _short(machine: str) -> str:
    return machine.rsplit(".", 1)[-1]


def library_script(machine: str, needs: Iterable[str]) -> str:
    """A library that throws if one of `needs` has not run before it."""
    checks = "".join(
        f'  if (loaded.indexOf("{_short(name)}") === -1) {{\n'
        f'    throw new Error("{_short(machine)} ran before {_short(name)}");\n'
        "  }\n"
        for name in needs
    )
    return (
        "(function () {\n"
        '  "use strict";\n'
        "  var loaded = window.TapHuanLoaded = window.TapHuanLoaded || [];\n"
        f"{checks}"
        f'  loaded.push("{_short(machine)}");\n'
        "})();\n"
    )


def runnable_script(machine: str, needs: Iterable[str]) -> str:
    """The content type: shows which libraries ran, in order (after checking its own needs)."""
    name = _short(machine)
    return library_script(machine, needs) + (
        "var H5P = H5P || {};\n"
        f"H5P.{name} = (function ($, EventDispatcher) {{\n"
        '  "use strict";\n'
        "  function Content(params, contentId) {\n"
        "    EventDispatcher.call(this);\n"
        "    this.params = params;\n"
        "  }\n"
        "  Content.prototype = Object.create(EventDispatcher.prototype);\n"
        "  Content.prototype.constructor = Content;\n"
        "  Content.prototype.attach = function ($container) {\n"
        '    $container.addClass("dep-content").empty();\n'
        '    $("<h2 class=\\"dep-title\\"></h2>").text(this.params.heading).appendTo($container);\n'
        '    $("<p class=\\"dep-order\\"></p>").text(window.TapHuanLoaded.join(" "))'
        ".appendTo($container);\n"
        '    this.trigger("resize");\n'
        "  };\n"
        "  return Content;\n"
        "})(H5P.jQuery, H5P.EventDispatcher);\n"
    )


# The editor's widgets extend H5PEditor, which only the editor page defines (as real ones do).
EDITOR_SCRIPT = "H5PEditor.widgets.tapHuanColor = function () {};\n"


def library_json(ref: Ref, *, runnable: bool = False, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": f"Tập huấn KH&CN {_short(ref[0])}",
        "machineName": ref[0],
        "majorVersion": ref[1],
        "minorVersion": ref[2],
        "patchVersion": 0,
        "runnable": 1 if runnable else 0,
        "license": "MIT",
        "author": "Tập huấn KH&CN",
        "preloadedJs": [{"path": "lib.js"}],
        "preloadedCss": [{"path": "lib.css"}],
    }
    data.update(fields)
    return data


def library_entries(data: dict[str, Any], script: str) -> dict[str, bytes]:
    folder = key((data["machineName"], data["majorVersion"], data["minorVersion"]))
    css = f".dep-{_short(data['machineName']).lower()} {{ color: inherit; }}\n"
    return {
        f"{folder}/library.json": json.dumps(data, ensure_ascii=False).encode(),
        f"{folder}/lib.js": script.encode(),
        f"{folder}/lib.css": css.encode(),
    }


def h5p_json(title: str, main: Ref, listed: Iterable[Ref]) -> dict[str, Any]:
    return {
        "title": title,
        "language": "vi",
        "mainLibrary": main[0],
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [dependency(ref) for ref in listed],
    }


def package(
    title: str,
    main: Ref,
    listed: Iterable[Ref],
    libraries: dict[str, bytes],
    *,
    with_libraries: bool = True,
) -> bytes:
    entries: dict[str, bytes] = {
        "h5p.json": json.dumps(h5p_json(title, main, listed), ensure_ascii=False).encode(),
        "content/content.json": json.dumps({"heading": title}, ensure_ascii=False).encode(),
    }
    if with_libraries:
        entries.update(libraries)
    return build_zip(entries)


# (a) A content type with editor dependencies, whose h5p.json (as some exporters write it)
# also lists the editor libraries among the preloaded ones.
BOOK: Ref = ("H5P.TapHuanBook", 1, 0)
BOOK_UTIL: Ref = ("H5P.TapHuanBookUtil", 1, 1)
BOOK_EDITOR: Ref = ("H5PEditor.TapHuanBook", 1, 1)
BOOK_COLOR: Ref = ("H5PEditor.TapHuanColor", 1, 1)
BOOK_TITLE = "Sách tương tác: quy trình cấp phép"


def editor_libraries() -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    entries.update(
        library_entries(
            library_json(
                BOOK,
                runnable=True,
                preloadedDependencies=[dependency(BOOK_UTIL)],
                editorDependencies=[dependency(BOOK_EDITOR)],
            ),
            runnable_script(BOOK[0], [BOOK_UTIL[0]]),
        )
    )
    entries.update(library_entries(library_json(BOOK_UTIL), library_script(BOOK_UTIL[0], [])))
    entries.update(
        library_entries(
            library_json(BOOK_EDITOR, preloadedDependencies=[dependency(BOOK_COLOR)]),
            EDITOR_SCRIPT,
        )
    )
    entries.update(library_entries(library_json(BOOK_COLOR), EDITOR_SCRIPT))
    return entries


def editor_package(*, with_libraries: bool = True) -> bytes:
    listed = [BOOK, BOOK_UTIL, BOOK_EDITOR, BOOK_COLOR]
    return package(BOOK_TITLE, BOOK, listed, editor_libraries(), with_libraries=with_libraries)


# (b) A chain five libraries deep: the content type needs L1, which needs L2, ... L4.
CHAIN: list[Ref] = [
    ("H5P.TapHuanChain", 1, 1),
    ("H5P.TapHuanChainL1", 1, 1),
    ("H5P.TapHuanChainL2", 2, 3),
    ("H5P.TapHuanChainL3", 1, 1),
    ("H5P.TapHuanChainL4", 1, 2),
]
CHAIN_TITLE = "Chuỗi thư viện năm tầng"


def chain_libraries() -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    for level, ref in enumerate(CHAIN):
        below = CHAIN[level + 1 : level + 2]
        data = library_json(
            ref, runnable=level == 0, preloadedDependencies=[dependency(b) for b in below]
        )
        needs = [b[0] for b in below]
        script = runnable_script(ref[0], needs) if level == 0 else library_script(ref[0], needs)
        entries.update(library_entries(data, script))
    return entries


def chain_package(*, with_libraries: bool = True) -> bytes:
    # A core export lists every preloaded library in h5p.json, in load order.
    listed = list(reversed(CHAIN))
    return package(CHAIN_TITLE, CHAIN[0], listed, chain_libraries(), with_libraries=with_libraries)


# (c) A diamond: A needs B and C, both need D.
DIAMOND_A: Ref = ("H5P.TapHuanDiamondA", 1, 1)
DIAMOND_B: Ref = ("H5P.TapHuanDiamondB", 1, 1)
DIAMOND_C: Ref = ("H5P.TapHuanDiamondC", 1, 1)
DIAMOND_D: Ref = ("H5P.TapHuanDiamondD", 1, 1)
DIAMOND_TITLE = "Kim cương phụ thuộc"


def diamond_libraries() -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    a, b, c, d = DIAMOND_A, DIAMOND_B, DIAMOND_C, DIAMOND_D
    entries.update(
        library_entries(
            library_json(a, runnable=True, preloadedDependencies=[dependency(b), dependency(c)]),
            runnable_script(a[0], [b[0], c[0]]),
        )
    )
    for ref in (b, c):
        entries.update(
            library_entries(
                library_json(ref, preloadedDependencies=[dependency(d)]),
                library_script(ref[0], [d[0]]),
            )
        )
    entries.update(library_entries(library_json(d), library_script(d[0], [])))
    return entries


def diamond_package() -> bytes:
    # Listed out of order on purpose: the order comes from the dependencies.
    listed = [DIAMOND_A, DIAMOND_C, DIAMOND_B, DIAMOND_D]
    return package(DIAMOND_TITLE, DIAMOND_A, listed, diamond_libraries())
