"""Zip-level checks, from the central directory only: sizes, counts, paths, links, file types.

Nothing here decompresses a member except through `read_json`, which reads at most a bounded
number of bytes.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lib.archive import (
    RATIO_MIN_BYTES,
    Limits,
    Problem,
    megabytes,
    read_member,
    scan_archive,
    total_problem,
)

__all__ = ["CONTENT_EXTENSIONS", "LIBRARY_EXTENSIONS", "RATIO_MIN_BYTES", "Archive", "Limits"]

# The H5P core's whitelists (h5p.classes.php); libraries may also hold code and markup.
# fmt: off
CONTENT_EXTENSIONS = frozenset({
    "json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "eot", "ttf", "woff", "woff2",
    "otf", "webm", "mp4", "ogg", "mp3", "m4a", "wav", "txt", "pdf", "rtf", "doc", "docx", "xls",
    "xlsx", "ppt", "pptx", "odt", "ods", "odp", "csv", "diff", "patch", "swf", "md", "textile",
    "vtt", "webvtt", "gltf", "glb",
})
# fmt: on
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}


@dataclass
class Archive:
    """The members that matter, by role; ignored members (dot/underscore paths) are left out."""

    zip: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    content_files: list[str] = field(default_factory=list)
    library_files: dict[str, list[str]] = field(default_factory=dict)
    total_size: int = 0


def _is_ignored(parts: list[str]) -> bool:
    # The core skips every path segment that starts with "." or "_" (e.g. __MACOSX, .DS_Store).
    return any(part.startswith((".", "_")) for part in parts)


def _type_problem(name: str, parts: list[str]) -> Problem | None:
    leaf = parts[-1]
    if "." not in leaf:
        return Problem("no_extension", {"name": name})
    ext = leaf.rsplit(".", 1)[1].lower()
    if parts[0] == "content":
        if ext not in CONTENT_EXTENSIONS:
            return Problem("content_extension", {"name": name, "ext": ext})
    elif ext not in LIBRARY_EXTENSIONS:
        return Problem("library_extension", {"name": name, "ext": ext})
    return None


def open_archive(zf: zipfile.ZipFile, limits: Limits) -> tuple[Archive, list[Problem]]:
    """Check every member's header and sort the members by role (h5p.json, content, library)."""
    archive = Archive(zip=zf)
    scan = scan_archive(zf, limits)
    problems = scan.problems
    if scan.too_many_files:
        return archive, problems
    archive.total_size = scan.total_size
    for info in scan.files:
        name = info.filename
        parts = name.split("/")
        if _is_ignored(parts):
            continue
        if len(parts) == 1:
            # Loose top-level files other than h5p.json are ignored by the core.
            if name == "h5p.json":
                archive.members[name] = info
            continue
        type_problem = _type_problem(name, parts)
        if type_problem is not None:
            problems.append(type_problem)
            continue
        archive.members[name] = info
        if parts[0] == "content":
            archive.content_files.append(name)
        else:
            archive.library_files.setdefault(parts[0], []).append("/".join(parts[1:]))
    too_big = total_problem(archive.total_size, limits)
    if too_big is not None:
        problems.append(too_big)
    return archive, problems


def read_json(archive: Archive, name: str, limits: Limits) -> tuple[Any, Problem | None]:
    """Parse one member as JSON, reading at most the JSON limit; (None, problem) on failure."""
    info = archive.members.get(name)
    if info is None:
        return None, Problem("missing_file", {"name": name})
    if info.file_size > limits.max_json:
        return None, Problem("json_too_big", {"name": name, "limit": megabytes(limits.max_json)})
    raw = read_member(archive.zip, info, limits.max_json)
    if raw is None:
        return None, Problem("unreadable", {"name": name})
    if len(raw) > limits.max_json:
        return None, Problem("json_too_big", {"name": name, "limit": megabytes(limits.max_json)})
    try:
        return json.loads(raw.decode("utf-8-sig")), None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, Problem("broken_json", {"name": name})
