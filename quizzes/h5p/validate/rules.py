"""The H5P core's rules for h5p.json and library.json fields (H5PValidator, core API 1.28)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from quizzes.h5p.validate.problems import Problem

CORE_API = (1, 28)
TITLE = re.compile(r"^.{1,255}$", re.DOTALL)
LANGUAGE = re.compile(r"^[-a-zA-Z]{1,10}$")
MAIN_LIBRARY = re.compile(r"^[$a-z_][0-9a-z_.$]{1,254}$", re.IGNORECASE)
MACHINE_NAME = re.compile(r"^[\w\-.]{1,255}$", re.ASCII)
VERSION = re.compile(r"^[0-9]{1,5}$")
LANGUAGE_FILE = re.compile(r"^(-?[a-z]+){1,7}\.json$")
EMBED_TYPES = {"iframe", "div"}
CONTENT_LICENSES = {
    "CC BY",
    "CC BY-SA",
    "CC BY-ND",
    "CC BY-NC",
    "CC BY-NC-SA",
    "CC BY-NC-ND",
    "CC0 1.0",
    "GNU GPL",
    "PD",
    "ODC PDDL",
    "CC PDM",
    "U",
    "C",
}
DEPENDENCY_FIELDS = ("preloadedDependencies", "dynamicDependencies", "editorDependencies")


@dataclass(frozen=True, order=True)
class LibraryRef:
    """A dependency as H5P names it: machine name, major and minor version."""

    machine_name: str
    major: int
    minor: int

    @property
    def key(self) -> str:
        """The folder name the player asks for, e.g. "H5P.MultiChoice-1.16"."""
        return f"{self.machine_name}-{self.major}.{self.minor}"


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and VERSION.match(value)):
        number = int(value)
        return number if 0 <= number <= 99999 else None
    return None


def dependency_refs(
    data: dict[str, Any], field: str, source: str, problems: list[Problem]
) -> list[LibraryRef]:
    """The dependencies listed under `field`, recording a problem for each malformed one."""
    value = data.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem("bad_field", {"name": source, "field": field}))
        return []
    refs = []
    for item in value:
        major = _version(item.get("majorVersion")) if isinstance(item, dict) else None
        minor = _version(item.get("minorVersion")) if isinstance(item, dict) else None
        name = item.get("machineName") if isinstance(item, dict) else None
        if (
            not isinstance(name, str)
            or not MACHINE_NAME.match(name)
            or major is None
            or minor is None
        ):
            problems.append(Problem("bad_field", {"name": source, "field": field}))
            continue
        refs.append(LibraryRef(name, major, minor))
    return refs


def _text(data: dict[str, Any], field: str, pattern: re.Pattern[str]) -> bool:
    value = data.get(field)
    return isinstance(value, str) and bool(pattern.match(value))


def check_h5p_json(data: Any) -> tuple[list[Problem], list[LibraryRef]]:
    """Problems in h5p.json, and its preloaded plus dynamic dependencies."""
    name = "h5p.json"
    if not isinstance(data, dict):
        return [Problem("not_object", {"name": name})], []
    problems: list[Problem] = []
    for field, pattern in (
        ("title", TITLE),
        ("language", LANGUAGE),
        ("mainLibrary", MAIN_LIBRARY),
    ):
        if not _text(data, field, pattern):
            problems.append(Problem("bad_field", {"name": name, "field": field}))
    embed = data.get("embedTypes")
    if (
        not isinstance(embed, list)
        or not embed
        or not all(isinstance(e, str) and e in EMBED_TYPES for e in embed)
    ):
        problems.append(Problem("bad_field", {"name": name, "field": "embedTypes"}))
    if "license" in data and data["license"] not in CONTENT_LICENSES:
        problems.append(Problem("bad_field", {"name": name, "field": "license"}))
    if "source" in data and not (
        isinstance(data["source"], str) and re.match(r"^https?://", data["source"])
    ):
        problems.append(Problem("bad_field", {"name": name, "field": "source"}))
    authors = data.get("authors", [])
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors
    ):
        problems.append(Problem("bad_field", {"name": name, "field": "authors"}))
    preloaded = dependency_refs(data, "preloadedDependencies", name, problems)
    listed_badly = any(p.params.get("field") == "preloadedDependencies" for p in problems)
    if not preloaded and not listed_badly:
        problems.append(Problem("bad_field", {"name": name, "field": "preloadedDependencies"}))
    dynamic = dependency_refs(data, "dynamicDependencies", name, problems)
    main = data.get("mainLibrary")
    if isinstance(main, str) and preloaded and main not in {r.machine_name for r in preloaded}:
        problems.append(Problem("main_not_preloaded", {"library": main}))
    return problems, preloaded + dynamic


def main_library_ref(data: dict[str, Any]) -> LibraryRef | None:
    """The preloaded dependency that h5p.json names as its main library."""
    problems: list[Problem] = []
    for ref in dependency_refs(data, "preloadedDependencies", "h5p.json", problems):
        if ref.machine_name == data.get("mainLibrary"):
            return ref
    return None


@dataclass(frozen=True)
class LibraryInfo:
    """A library.json that passed the field checks."""

    folder: str
    ref: LibraryRef
    patch: int
    title: str
    runnable: bool
    data: dict[str, Any]
    dependencies: tuple[LibraryRef, ...]

    @property
    def version(self) -> str:
        return f"{self.ref.major}.{self.ref.minor}.{self.patch}"


def check_library_json(
    folder: str, data: Any, files: set[str]
) -> tuple[list[Problem], LibraryInfo | None]:
    """Problems in one library folder's library.json (fields, folder name, preloaded files)."""
    source = f"{folder}/library.json"
    if not isinstance(data, dict):
        return [Problem("not_object", {"name": source})], None
    problems: list[Problem] = []
    if not _text(data, "title", TITLE):
        problems.append(Problem("bad_field", {"name": source, "field": "title"}))
    if not _text(data, "machineName", MACHINE_NAME):
        problems.append(Problem("bad_field", {"name": source, "field": "machineName"}))
    versions = {}
    for field in ("majorVersion", "minorVersion", "patchVersion"):
        versions[field] = _version(data.get(field))
        if versions[field] is None:
            problems.append(Problem("bad_field", {"name": source, "field": field}))
    runnable = data.get("runnable")
    if runnable not in (0, 1, True, False):
        problems.append(Problem("bad_field", {"name": source, "field": "runnable"}))
    dependencies: list[LibraryRef] = []
    for field in DEPENDENCY_FIELDS:
        dependencies += dependency_refs(data, field, source, problems)
    if problems:
        return problems, None
    ref = LibraryRef(data["machineName"], versions["majorVersion"], versions["minorVersion"])  # type: ignore[arg-type]
    patch: int = versions["patchVersion"]  # type: ignore[assignment]
    expected = [ref.machine_name, ref.key]
    if data.get("patchVersionInFolderName"):
        expected = [f"{ref.key}.{patch}"]
    if folder not in expected:
        problems.append(Problem("library_folder", {"folder": folder, "expected": expected[-1]}))
    api = data.get("coreApi")
    if isinstance(api, dict):
        wanted = (_version(api.get("majorVersion")) or 0, _version(api.get("minorVersion")) or 0)
        if wanted > CORE_API:
            problems.append(
                Problem("core_api", {"library": ref.key, "version": f"{wanted[0]}.{wanted[1]}"})
            )
    for field, ext in (("preloadedJs", "js"), ("preloadedCss", "css")):
        problems += _preloaded_problems(data.get(field), field, ext, ref, files, source)
    for name in sorted(files):
        parts = name.split("/")
        if len(parts) == 2 and parts[0] == "language" and not LANGUAGE_FILE.match(parts[1]):
            problems.append(Problem("language_name", {"name": f"{folder}/{name}"}))
    info = LibraryInfo(
        folder=folder,
        ref=ref,
        patch=patch,
        title=data["title"],
        runnable=bool(runnable),
        data=data,
        dependencies=tuple(dependencies),
    )
    return problems, info


def _preloaded_problems(
    value: Any, field: str, ext: str, ref: LibraryRef, files: set[str], source: str
) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, list):
        return [Problem("bad_field", {"name": source, "field": field})]
    problems = []
    for item in value:
        path = item.get("path") if isinstance(item, dict) else None
        if (
            not isinstance(path, str)
            or not path.lower().endswith(f".{ext}")
            or path.startswith("/")
            or "\\" in path
            or ".." in path.split("/")
        ):
            params: dict[str, str | int] = {"library": ref.key, "name": str(path), "ext": ext}
            problems.append(Problem("preloaded_path", params))
        elif path not in files:
            problems.append(Problem("preloaded_missing", {"library": ref.key, "name": path}))
    return problems
