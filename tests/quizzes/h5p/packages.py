"""Build .h5p packages for tests from our own content-type libraries in fixtures/."""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
QUIZ = "H5P.TapHuanTestQuiz-1.1"
PROBE = "H5P.TapHuanProbe-1.1"

QUESTION = "Cơ quan nào cấp giấy phép sau phân cấp?"
ANSWERS = ["Bộ Khoa học và Công nghệ", "Sở Khoa học và Công nghệ cấp tỉnh", "Ủy ban nhân dân xã"]
CORRECT = 1


def h5p_json(library: str = QUIZ, **changes: Any) -> dict[str, Any]:
    machine, version = library.rsplit("-", 1)
    major, minor = version.split(".")
    data: dict[str, Any] = {
        "title": "Kiểm tra nhanh: thẩm quyền cấp phép",
        "language": "vi",
        "mainLibrary": machine,
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": machine, "majorVersion": major, "minorVersion": minor}
        ],
    }
    data.update(changes)
    return data


def quiz_content(**changes: Any) -> dict[str, Any]:
    data = {
        "question": QUESTION,
        "answers": ANSWERS,
        "correct": CORRECT,
        "checkLabel": "Kiểm tra",
    }
    data.update(changes)
    return data


def library_entries(folder: str) -> dict[str, bytes]:
    root = FIXTURES / folder
    return {
        f"{folder}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def package_entries(
    library: str = QUIZ,
    *,
    h5p: dict[str, Any] | None = None,
    content: dict[str, Any] | None = None,
    include_libraries: Iterable[str] | None = None,
) -> dict[str, bytes]:
    """The members of a valid package, as name → bytes, ready to be tampered with."""
    entries: dict[str, bytes] = {
        "h5p.json": json.dumps(h5p or h5p_json(library), ensure_ascii=False).encode(),
        "content/content.json": json.dumps(
            content if content is not None else quiz_content(), ensure_ascii=False
        ).encode(),
    }
    for folder in [library] if include_libraries is None else include_libraries:
        entries.update(library_entries(folder))
    return entries


def build_zip(
    entries: dict[str, bytes] | Iterable[tuple[str | zipfile.ZipInfo, bytes]],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """Zip `entries` (a ZipInfo name keeps its header fields, e.g. a symlink mode)."""
    items = entries.items() if isinstance(entries, dict) else entries
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        # Hostile packages repeat names on purpose.
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        for name, data in items:
            zf.writestr(name, data)
    return buffer.getvalue()


def understate_size(data: bytes, name: str, declared: int) -> bytes:
    """Make the headers of member `name` claim it unpacks to `declared` bytes (a lying zip)."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            if patched[start + name_offset : start + name_offset + len(encoded)] == encoded:
                patched[start + size_offset : start + size_offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(patched)


def build_package(library: str = QUIZ, **kwargs: Any) -> bytes:
    return build_zip(package_entries(library, **kwargs))


def write_package(path: Path, data: bytes | None = None) -> Path:
    path.write_bytes(build_package() if data is None else data)
    return path
