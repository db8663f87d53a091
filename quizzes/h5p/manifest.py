"""What h5p-standalone reads to load a content: h5p.json and library.json, as play-time views.

h5p-standalone resolves dependencies itself: it follows `preloadedDependencies` from h5p.json
through each library.json and loads the files in a topological order. It loads whatever h5p.json
lists, editor libraries included when an exporter put them there, and its order among
independent libraries is not the core's. So it is fed views of those files holding the core's
decision (validate/dependencies.py):

- h5p.json lists exactly the libraries to load;
- each listed library.json names as its only preloaded dependency the library loaded just before
  it, so the one topological order of that chain is the core's order, whatever the sort;
- editor dependencies are left out, and a library whose CSS another one drops (dropLibraryCss)
  lists no CSS, as the core skips it;
- versions are strings: h5p-standalone drops a minor version of 0 when it names the main
  library ("H5P.X 1"), and then the core cannot start it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizzes.h5p.validate.dependencies import dropped_css, play_order, play_roots
from quizzes.h5p.validate.rules import LibraryRef


@dataclass(frozen=True)
class PlayManifest:
    """The ordered libraries of one content (their library.json by key) and what is missing."""

    h5p: dict[str, Any]
    order: list[LibraryRef]
    libraries: dict[str, Mapping[str, Any]]
    missing: list[str]

    def h5p_json(self) -> dict[str, Any]:
        view = {
            key: value
            for key, value in self.h5p.items()
            if key not in ("preloadedDependencies", "editorDependencies")
        }
        view["preloadedDependencies"] = [_dependency(ref) for ref in self.order]
        return view

    def library_json(self, key: str) -> dict[str, Any] | None:
        """The view of one library.json; None for a library that is not loaded at play time."""
        keys = [ref.key for ref in self.order]
        if key not in keys:
            return None
        position = keys.index(key)
        data = self.libraries[key]
        view = {k: v for k, v in data.items() if k not in ("editorDependencies",)}
        for name in ("majorVersion", "minorVersion", "patchVersion"):
            if name in view:
                view[name] = str(view[name])
        view["preloadedDependencies"] = [_dependency(self.order[position - 1])] if position else []
        dropped = dropped_css(self.libraries[ref.key] for ref in self.order)
        if data.get("machineName") in dropped:
            view.pop("preloadedCss", None)
        return view


def _dependency(ref: LibraryRef) -> dict[str, str]:
    return {
        "machineName": ref.machine_name,
        "majorVersion": str(ref.major),
        "minorVersion": str(ref.minor),
    }


def build_manifest(
    h5p: Mapping[str, Any], libraries: Mapping[str, Mapping[str, Any]]
) -> PlayManifest:
    """The play manifest of a content from its h5p.json and the library.json of every library
    it may fetch (by key)."""

    def lookup(ref: LibraryRef) -> Mapping[str, Any] | None:
        return libraries.get(ref.key)

    result = play_order(play_roots(h5p, lookup), lookup)
    return PlayManifest(
        h5p=dict(h5p),
        order=result.libraries,
        libraries=dict(libraries),
        missing=[ref.key for ref, _ in result.missing],
    )
