"""Validate a whole .h5p package: archive, h5p.json, content.json, libraries, dependencies."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings

from quizzes.h5p.validate.archive import Archive, Limits, open_archive, read_json
from quizzes.h5p.validate.dependencies import (
    available,
    editor_only,
    label,
    play_order,
    play_roots,
    refs,
)
from quizzes.h5p.validate.problems import Problem, megabytes
from quizzes.h5p.validate.rules import (
    MACHINE_NAME,
    LibraryInfo,
    LibraryRef,
    check_h5p_json,
    check_library_json,
    main_library_ref,
)

# A package with more problems than this is named with its first ones and a count of the rest.
MAX_PROBLEMS = 100


def limits_from_settings() -> Limits:
    return Limits(
        max_upload=settings.H5P_MAX_UPLOAD_BYTES,
        max_total=settings.H5P_MAX_TOTAL_BYTES,
        max_file=settings.H5P_MAX_FILE_BYTES,
        max_files=settings.H5P_MAX_FILES,
        max_ratio=settings.H5P_MAX_RATIO,
        max_json=settings.H5P_MAX_JSON_BYTES,
    )


@dataclass
class PackageReport:
    """What validation found: the problems, and the parsed package when there are none."""

    problems: list[Problem] = field(default_factory=list)
    h5p: dict[str, Any] = field(default_factory=dict)
    content: dict[str, Any] = field(default_factory=dict)
    libraries: dict[str, LibraryInfo] = field(default_factory=dict)
    content_files: list[str] = field(default_factory=list)
    library_files: dict[str, list[str]] = field(default_factory=dict)
    total_size: int = 0
    # Keys of the libraries the content may fetch (its preloaded and dynamic closure).
    dependency_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def title(self) -> str:
        return str(self.h5p.get("title", ""))

    @property
    def main_library(self) -> LibraryRef | None:
        return main_library_ref(self.h5p)

    def shown_problems(self) -> list[Problem]:
        """The problems to show, at most MAX_PROBLEMS lines."""
        if len(self.problems) <= MAX_PROBLEMS:
            return self.problems
        rest = len(self.problems) - (MAX_PROBLEMS - 1)
        return [*self.problems[: MAX_PROBLEMS - 1], Problem("more", {"count": rest})]


def validate_package(
    file_name: str,
    stream: IO[bytes],
    size: int,
    installed: Mapping[str, Mapping[str, Any]],
    limits: Limits | None = None,
    *,
    awaiting: Mapping[str, Mapping[str, Any]] | None = None,
) -> PackageReport:
    """Check an uploaded package without extracting it.

    `installed` maps the keys ("Machine-major.minor") of the approved libraries in the store to
    their library.json; `awaiting` does the same for those installed but not approved yet.
    """
    limits = limits or limits_from_settings()
    report = PackageReport()
    if not file_name.lower().endswith(".h5p"):
        report.problems.append(Problem("not_h5p"))
    if size > limits.max_upload:
        report.problems.append(Problem("too_big", {"limit": megabytes(limits.max_upload)}))
        return report
    try:
        zf = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        report.problems.append(Problem("not_zip"))
        return report
    with zf:
        archive, problems = open_archive(zf, limits)
        report.problems += problems
        report.total_size = archive.total_size
        if any(p.code == "too_many_files" for p in problems):
            return report
        _check_json(report, archive, limits, installed, awaiting or {})
        report.content_files = archive.content_files
        report.library_files = archive.library_files
    return report


def _check_json(
    report: PackageReport,
    archive: Archive,
    limits: Limits,
    installed: Mapping[str, Mapping[str, Any]],
    awaiting: Mapping[str, Mapping[str, Any]],
) -> None:
    h5p, problem = read_json(archive, "h5p.json", limits)
    needed: list[LibraryRef] = []
    if problem:
        report.problems.append(problem)
    else:
        problems, needed = check_h5p_json(h5p)
        report.problems += problems
        if isinstance(h5p, dict):
            report.h5p = h5p
    content, problem = read_json(archive, "content/content.json", limits)
    if problem:
        report.problems.append(problem)
    elif not isinstance(content, dict):
        report.problems.append(Problem("not_object", {"name": "content/content.json"}))
    else:
        report.content = content
    for folder in sorted(archive.library_files):
        _check_library(report, archive, folder, limits)
    _check_dependencies(report, needed, installed, awaiting)


def _check_library(report: PackageReport, archive: Archive, folder: str, limits: Limits) -> None:
    if not MACHINE_NAME.match(folder):
        report.problems.append(Problem("library_folder_name", {"folder": folder}))
        return
    files = set(archive.library_files[folder])
    data, problem = read_json(archive, f"{folder}/library.json", limits)
    if problem:
        report.problems.append(problem)
        return
    problems, info = check_library_json(folder, data, files)
    report.problems += problems
    for name in sorted(files):
        if name == "semantics.json" or (name.startswith("language/") and name.endswith(".json")):
            _, json_problem = read_json(archive, f"{folder}/{name}", limits)
            if json_problem:
                report.problems.append(json_problem)
    if info is None:
        return
    if info.ref.key in report.libraries:
        report.problems.append(Problem("library_twice", {"library": info.ref.key}))
        return
    report.libraries[info.ref.key] = info


def _check_dependencies(
    report: PackageReport,
    needed: list[LibraryRef],
    installed: Mapping[str, Mapping[str, Any]],
    awaiting: Mapping[str, Mapping[str, Any]],
) -> None:
    """Every library the package needs is in it or approved in the store (the core also wants
    the editor dependencies of the libraries it brings); then they can be put in load order."""

    def lookup(ref: LibraryRef) -> Mapping[str, Any] | None:
        info = report.libraries.get(ref.key)
        return info.data if info is not None else installed.get(ref.key)

    main = report.main_library
    wanted = [main, *needed] if main is not None else list(needed)
    for info in report.libraries.values():
        wanted += info.dependencies

    def lookup_installed(ref: LibraryRef) -> Mapping[str, Any] | None:
        return lookup(ref) or awaiting.get(ref.key)

    # Editor code never plays, so an installed editor library needs no approval here.
    editors = editor_only(wanted, lookup_installed)
    missing = sorted(
        ref
        for ref in available(wanted, lookup)
        if lookup(ref) is None and not (ref.key in awaiting and ref.machine_name in editors)
    )
    absent = False
    for ref in sorted(missing, key=lambda ref: ref != main):
        if ref.key in awaiting:
            report.problems.append(Problem("library_not_approved", {"library": label(ref)}))
            continue
        absent = True
        code = "missing_main_library" if ref == main else "missing_library"
        report.problems.append(Problem(code, {"library": label(ref)}))
    if absent:
        report.problems.append(Problem("export_with_libraries"))
    if missing or report.problems:
        return
    roots = play_roots(report.h5p, lookup_installed)
    order = play_order(roots, lookup)
    if order.cycle:
        cycle = " → ".join(label(ref) for ref in order.cycle)
        report.problems.append(Problem("dependency_cycle", {"cycle": cycle}))
        return
    dynamic = refs(report.h5p, "dynamicDependencies")
    report.dependency_keys = sorted(ref.key for ref in available([*roots, *dynamic], lookup))
