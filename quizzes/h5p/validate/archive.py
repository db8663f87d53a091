"""Zip-level checks, from the central directory only: sizes, counts, paths, links, file types.

Nothing here decompresses a member except through `read_json`, which reads at most a bounded
number of bytes.
"""

from __future__ import annotations

import json
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from quizzes.h5p.validate.problems import Problem, megabytes

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
# Members smaller than this are never suspected of being bombs, whatever their ratio.
RATIO_MIN_BYTES = 1024 * 1024
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    max_upload: int
    max_total: int
    max_file: int
    max_files: int
    max_ratio: int
    max_json: int


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


def _member_problems(info: zipfile.ZipInfo, limits: Limits) -> list[Problem]:
    name = info.filename
    problems: list[Problem] = []
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return [Problem("bad_name", {"name": name.encode("unicode_escape").decode()})]
    parts = name.rstrip("/").split("/")
    if "\\" in name or name.startswith("/") or _DRIVE.match(name) or ".." in parts:
        problems.append(Problem("unsafe_path", {"name": name}))
    mode = info.external_attr >> 16
    if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        problems.append(Problem("symlink", {"name": name}))
    if info.flag_bits & 0x1:
        problems.append(Problem("encrypted", {"name": name}))
    if info.is_dir():
        return problems
    if info.compress_type not in SUPPORTED_COMPRESSION:
        problems.append(Problem("bad_compression", {"name": name}))
    if info.file_size > limits.max_file:
        problems.append(
            Problem(
                "file_too_big",
                {
                    "name": name,
                    "size": megabytes(info.file_size),
                    "limit": megabytes(limits.max_file),
                },
            )
        )
    if info.file_size > RATIO_MIN_BYTES and (
        info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        problems.append(
            Problem("zip_bomb", {"name": name, "ratio": ratio, "limit": limits.max_ratio})
        )
    return problems


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
    infos = zf.infolist()
    files = [info for info in infos if not info.is_dir()]
    if len(files) > limits.max_files:
        problem = Problem("too_many_files", {"count": len(files), "limit": limits.max_files})
        return archive, [problem]
    problems: list[Problem] = []
    seen: set[str] = set()
    for info in infos:
        member_problems = _member_problems(info, limits)
        problems.extend(member_problems)
        if member_problems or info.is_dir():
            continue
        name = info.filename
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            problems.append(Problem("duplicate", {"name": name}))
            continue
        seen.add(key)
        archive.total_size += info.file_size
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
    if archive.total_size > limits.max_total:
        problems.append(
            Problem(
                "total_too_big",
                {
                    "size": megabytes(archive.total_size),
                    "limit": megabytes(limits.max_total),
                },
            )
        )
    return archive, problems


def read_json(archive: Archive, name: str, limits: Limits) -> tuple[Any, Problem | None]:
    """Parse one member as JSON, reading at most the JSON limit; (None, problem) on failure."""
    info = archive.members.get(name)
    if info is None:
        return None, Problem("missing_file", {"name": name})
    if info.file_size > limits.max_json:
        return None, Problem("json_too_big", {"name": name, "limit": megabytes(limits.max_json)})
    try:
        with archive.zip.open(info) as member:
            raw = member.read(limits.max_json + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError, EOFError):
        return None, Problem("unreadable", {"name": name})
    if len(raw) > limits.max_json:
        return None, Problem("json_too_big", {"name": name, "limit": megabytes(limits.max_json)})
    try:
        return json.loads(raw.decode("utf-8-sig")), None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, Problem("broken_json", {"name": name})
