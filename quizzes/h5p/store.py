"""Where packages, libraries and contents live on the default storage (local disk or S3)."""

from __future__ import annotations

import uuid
from typing import IO

from lib.storage import (
    ExtractionError,
    copy_member,
    delete_file,
    delete_tree,
    exists,
    open_file,
    save_file,
)

__all__ = ["ExtractionError", "copy_member", "delete_file", "delete_tree", "exists", "open_file"]

ROOT = "h5p"


def upload_path() -> str:
    """A fresh path for an accepted package waiting to be extracted."""
    return f"{ROOT}/uploads/{uuid.uuid4().hex}.h5p"


def library_folder(machine_name: str, major: int, minor: int, patch: int) -> str:
    return f"{ROOT}/libraries/{machine_name}-{major}.{minor}.{patch}"


def content_folder(content_id: int) -> str:
    return f"{ROOT}/content/{content_id}"


def save_upload(stream: IO[bytes]) -> str:
    """Store an uploaded package under a new name; returns its storage path."""
    return save_file(stream, upload_path())
