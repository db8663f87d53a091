"""Zip checks shared by every package upload (H5P, SCORM), from the central directory only.

Sizes, counts, ratios, paths, links and encryption are checked before anything is decompressed;
`read_member` reads one member with a hard byte limit. Problems are codes with parameters; each
package format registers the messages of its own codes (`register_messages`).
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Members smaller than this are never suspected of being bombs, whatever their ratio.
RATIO_MIN_BYTES = 1024 * 1024
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_DRIVE = re.compile(r"^[A-Za-z]:")
READ_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError, EOFError)

ARCHIVE_MESSAGES: dict[str, Promise] = {
    "too_big": _("The file is larger than %(limit)s MB."),
    "not_zip": _("The file is not a readable zip archive."),
    "too_many_files": _("The package holds %(count)s files; at most %(limit)s are allowed."),
    "total_too_big": _("The package unpacks to %(size)s MB; at most %(limit)s MB are allowed."),
    "file_too_big": _("“%(name)s” unpacks to %(size)s MB; at most %(limit)s MB per file."),
    "zip_bomb": _(
        "“%(name)s” is compressed %(ratio)s times (at most %(limit)s): a possible zip bomb."
    ),
    "unsafe_path": _("“%(name)s” has an unsafe path (absolute, “..” or a backslash)."),
    "bad_name": _("“%(name)s” has control characters in its name."),
    "symlink": _("“%(name)s” is a link or a special file; only plain files are allowed."),
    "encrypted": _("“%(name)s” is encrypted."),
    "bad_compression": _("“%(name)s” uses a compression method that is not supported."),
    "duplicate": _("“%(name)s” appears more than once in the package."),
    "unreadable": _("“%(name)s” cannot be read from the archive."),
    "more": _("…and %(count)s more problems."),
}
_MESSAGES: dict[str, Promise] = dict(ARCHIVE_MESSAGES)


def register_messages(messages: Mapping[str, Promise]) -> None:
    """Add a package format's problem messages; a code may not mean two different things."""
    for code, message in messages.items():
        known = _MESSAGES.get(code)
        if known is not None and known is not message:
            raise ValueError(f"problem code {code!r} is already registered with another message")
        _MESSAGES[code] = message


@dataclass(frozen=True)
class Problem:
    """One reason a package is refused: a registered code and its parameters."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)

    def message(self) -> str:
        text = str(_MESSAGES[self.code])
        return text % self.params if self.params else text

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        params = data.get("params")
        return cls(str(data["code"]), dict(params) if isinstance(params, dict) else {})


class PackageRejected(Exception):
    """The package failed validation; `problems` names each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = problems

    def messages(self) -> list[str]:
        return [problem.message() for problem in self.problems]


def megabytes(size: int) -> str:
    """A size in MB for messages, e.g. "12.5"."""
    return f"{size / 1048576:.1f}".rstrip("0").rstrip(".")


def shown(problems: list[Problem], limit: int) -> list[Problem]:
    """At most `limit` problems, the last one counting the rest."""
    if len(problems) <= limit:
        return problems
    return [*problems[: limit - 1], Problem("more", {"count": len(problems) - (limit - 1)})]


@dataclass(frozen=True)
class Limits:
    max_upload: int
    max_total: int
    max_file: int
    max_files: int
    max_ratio: int
    # The largest metadata file (h5p.json, imsmanifest.xml) read into memory.
    max_json: int


@dataclass
class Scan:
    """The plain files of an archive that passed the member checks, in archive order."""

    files: list[zipfile.ZipInfo] = field(default_factory=list)
    total_size: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def too_many_files(self) -> bool:
        return any(p.code == "too_many_files" for p in self.problems)


def unsafe_path(name: str) -> bool:
    """Absolute, drive-letter, backslash or ".." paths, which could land outside the folder."""
    parts = name.rstrip("/").split("/")
    return "\\" in name or name.startswith("/") or bool(_DRIVE.match(name)) or ".." in parts


def _member_problems(info: zipfile.ZipInfo, limits: Limits) -> list[Problem]:
    name = info.filename
    problems: list[Problem] = []
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return [Problem("bad_name", {"name": name.encode("unicode_escape").decode()})]
    if unsafe_path(name):
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
        size, limit = megabytes(info.file_size), megabytes(limits.max_file)
        problems.append(Problem("file_too_big", {"name": name, "size": size, "limit": limit}))
    if info.file_size > RATIO_MIN_BYTES and (
        info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        problems.append(
            Problem("zip_bomb", {"name": name, "ratio": ratio, "limit": limits.max_ratio})
        )
    return problems


def scan_archive(zf: zipfile.ZipFile, limits: Limits) -> Scan:
    """Check every member's header: count, path, type, encryption, sizes, ratio, duplicates.

    With too many files nothing else is looked at. The total size is checked last."""
    scan = Scan()
    infos = zf.infolist()
    count = sum(1 for info in infos if not info.is_dir())
    if count > limits.max_files:
        scan.problems.append(Problem("too_many_files", {"count": count, "limit": limits.max_files}))
        return scan
    seen: set[str] = set()
    for info in infos:
        member_problems = _member_problems(info, limits)
        scan.problems.extend(member_problems)
        if member_problems or info.is_dir():
            continue
        key = unicodedata.normalize("NFC", info.filename).casefold()
        if key in seen:
            scan.problems.append(Problem("duplicate", {"name": info.filename}))
            continue
        seen.add(key)
        scan.total_size += info.file_size
        scan.files.append(info)
    return scan


def total_problem(total_size: int, limits: Limits) -> Problem | None:
    if total_size <= limits.max_total:
        return None
    size, limit = megabytes(total_size), megabytes(limits.max_total)
    return Problem("total_too_big", {"size": size, "limit": limit})


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """At most `limit` + 1 bytes of one member (more means too big); None if unreadable."""
    try:
        with zf.open(info) as member:
            return member.read(limit + 1)
    except READ_ERRORS:
        return None
