"""Which libraries a content loads at play time, and in which order, as the H5P core decides.

The core (h5p-php-library `H5PCore::findLibraryDependencies`, then `loadContentDependencies`
ordered by weight and `getDependenciesFiles`) walks each library's dependencies depth first and
gives a library its weight only after all of its dependencies: every library comes after what it
needs, once. Only preloaded dependencies are loaded when content plays; dynamic ones are files
the content loads itself, and editor ones belong to the editor (they throw without `H5PEditor`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from quizzes.h5p.validate.problems import Problem
from quizzes.h5p.validate.rules import LibraryRef, dependency_refs

# library.json (or h5p.json) of a library version, or None when it is not available.
Lookup = Callable[[LibraryRef], Mapping[str, Any] | None]


def refs(data: Mapping[str, Any], field_name: str) -> list[LibraryRef]:
    """The well-formed dependencies listed under `field_name` (malformed ones are reported by
    the field checks, not here)."""
    ignored: list[Problem] = []
    return dependency_refs(dict(data), field_name, "", ignored)


def label(ref: LibraryRef) -> str:
    """How H5P names a library version to people: "H5P.MultiChoice 1.16"."""
    return f"{ref.machine_name} {ref.major}.{ref.minor}"


@dataclass
class PlayOrder:
    """The libraries to load, dependencies first; what is missing; the first cycle found."""

    libraries: list[LibraryRef] = field(default_factory=list)
    missing: list[tuple[LibraryRef, LibraryRef | None]] = field(default_factory=list)
    cycle: list[LibraryRef] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [ref.key for ref in self.libraries]


def editor_only(roots: Iterable[LibraryRef], lookup: Lookup) -> set[str]:
    """Machine names of the editor libraries (and what they preload) that the libraries
    reachable from `roots` name as editor dependencies."""
    seen: set[LibraryRef] = set()
    pending = list(roots)
    editors: list[LibraryRef] = []
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        data = lookup(ref)
        if data is None:
            continue
        pending += refs(data, "preloadedDependencies") + refs(data, "dynamicDependencies")
        editors += refs(data, "editorDependencies")
    names: set[str] = set()
    while editors:
        ref = editors.pop()
        if ref.machine_name in names:
            continue
        names.add(ref.machine_name)
        data = lookup(ref)
        if data is not None:
            editors += refs(data, "preloadedDependencies")
    return names


def play_roots(h5p: Mapping[str, Any], lookup: Lookup) -> list[LibraryRef]:
    """Where loading starts: h5p.json's preloaded dependencies in their order (a core export
    lists them by weight), the main library always, editor libraries never.

    Some exporters list every library of the package there, editor ones included; the core
    builds its list from the content instead and never loads those. `lookup` should also see
    libraries not played (editor ones), so that what they preload is recognised too.
    """
    listed = refs(h5p, "preloadedDependencies")
    main = h5p.get("mainLibrary")
    editors = editor_only(listed, lookup)
    return [ref for ref in listed if ref.machine_name == main or ref.machine_name not in editors]


def play_order(roots: Iterable[LibraryRef], lookup: Lookup) -> PlayOrder:
    """Depth-first post-order over preloaded dependencies, from `roots` in their order.

    Like the core, a machine name is loaded once (its first version met wins). A library that
    needs itself through its dependencies cannot be ordered: the cycle is reported.
    """
    result = PlayOrder()
    placed: set[str] = set()
    path: list[LibraryRef] = []

    def visit(ref: LibraryRef, needed_by: LibraryRef | None) -> None:
        if ref.machine_name in placed or result.cycle:
            return
        on_path = [item.machine_name for item in path]
        if ref.machine_name in on_path:
            result.cycle = [*path[on_path.index(ref.machine_name) :], ref]
            return
        data = lookup(ref)
        if data is None:
            if all(ref != item for item, _ in result.missing):
                result.missing.append((ref, needed_by))
            return
        path.append(ref)
        for dependency in refs(data, "preloadedDependencies"):
            visit(dependency, ref)
        path.pop()
        if not result.cycle and ref.machine_name not in placed:
            placed.add(ref.machine_name)
            result.libraries.append(ref)

    for root in roots:
        visit(root, None)
    return result


def available(roots: Iterable[LibraryRef], lookup: Lookup) -> set[LibraryRef]:
    """Every library whose files the content may fetch: the preloaded and dynamic closure."""
    seen: set[LibraryRef] = set()
    pending = list(roots)
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        data = lookup(ref)
        if data is not None:
            pending += refs(data, "preloadedDependencies") + refs(data, "dynamicDependencies")
    return seen


def dropped_css(libraries: Iterable[Mapping[str, Any]]) -> set[str]:
    """Machine names whose CSS another loaded library asks the core to drop (dropLibraryCss)."""
    names: set[str] = set()
    for data in libraries:
        value = data.get("dropLibraryCss")
        if isinstance(value, list):
            names |= {
                item["machineName"]
                for item in value
                if isinstance(item, dict) and isinstance(item.get("machineName"), str)
            }
    return names
