"""Where SCORM uploads and extracted packages live on the default storage."""

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

ROOT = "scorm"


def package_folder(package_id: int) -> str:
    return f"{ROOT}/packages/{package_id}"


def save_upload(stream: IO[bytes]) -> str:
    """Store an accepted upload under a new name until it is extracted; returns its path."""
    return save_file(stream, f"{ROOT}/uploads/{uuid.uuid4().hex}.zip")
