"""Package files on the default storage (local disk or S3): bounded copies out of a zip."""

from __future__ import annotations

import contextlib
import os
import zipfile
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


class ExtractionError(Exception):
    """A member did not unpack to the size its header declared."""


def save_file(stream: IO[bytes], path: str) -> str:
    """Store a stream under `path` (or a free name next to it); returns the stored path."""
    stream.seek(0)
    return default_storage.save(path, File(stream))


class _BoundedReader:
    """A file-like view of a zip member that refuses to yield more than `limit` bytes."""

    def __init__(self, member: IO[bytes], limit: int, name: str) -> None:
        self.member = member
        self.left = limit
        self.name = name

    def read(self, size: int = -1) -> bytes:
        want = CHUNK if size is None or size < 0 else min(size, CHUNK)
        data = self.member.read(want)
        self.left -= len(data)
        if self.left < 0:
            raise ExtractionError(self.name)
        return data

    def __iter__(self):  # type: ignore[no-untyped-def]
        while chunk := self.read(CHUNK):
            yield chunk


def copy_member(zf: zipfile.ZipFile, name: str, destination: str) -> None:
    """Write one zip member to storage at `destination`, replacing what was there."""
    info = zf.getinfo(name)
    if default_storage.exists(destination):
        default_storage.delete(destination)
    with zf.open(info) as member:
        bounded = _BoundedReader(member, info.file_size, name)
        saved = default_storage.save(destination, File(bounded, name=destination))  # type: ignore[arg-type]
    if saved != destination:
        # Another run wrote the same file meanwhile (a retried task, or the same library
        # version in two packages extracted at once): keep that copy.
        default_storage.delete(saved)
        if not default_storage.exists(destination):
            raise ExtractionError(name)


def delete_tree(folder: str) -> None:
    """Remove every file under `folder` (storage folders vanish with their last file)."""
    if not default_storage.exists(folder):
        return
    directories, files = default_storage.listdir(folder)
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for directory in directories:
        delete_tree(f"{folder}/{directory}")
    # Local disk keeps empty folders; object storage has none (and no path()).
    with contextlib.suppress(OSError, NotImplementedError):
        os.rmdir(default_storage.path(folder))


def delete_file(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


def open_file(path: str) -> IO[bytes]:
    return default_storage.open(path, "rb")


def exists(path: str) -> bool:
    return default_storage.exists(path)
