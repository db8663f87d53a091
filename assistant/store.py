"""Where the assistant's ranking is kept between processes: on disk under var/, one directory
per index stamp, memory-mapped by every web process.

Whoever moves the stamp (a Celery task or `rebuild_assistant_index`) builds the BM25 matrix
once, before its transaction commits, and saves it here; a web process that sees a new stamp
maps the saved arrays instead of building its own. Not in each process's memory alone: at
20,000 passages a build takes tens of seconds, per gunicorn worker and per change. Not in the
database: the matrix is read whole on every question, which a mapped file serves from the page
cache that all workers share. The passages themselves (text, source, URL) stay in the database.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import bm25s
import numpy as np
from django.conf import settings

_IDS, _FIELDS, _PARAMS = "passage_ids.npy", "field_ids.npy", "params.index.json"
# Rankings kept besides the newest: a process may still be reading one that was just replaced.
KEEP = 3
# Unfinished directories older than this were left by a crash and may go.
STALE_SECONDS = 3600


def index_dir() -> Path:
    return Path(settings.ASSISTANT_INDEX_DIR)


def save(
    stamp: str,
    model: bm25s.BM25 | None,
    passage_ids: np.ndarray,
    field_ids: np.ndarray,
    *,
    root: Path | None = None,
) -> Path:
    """Write the ranking for `stamp` to a hidden directory, then rename it into place, so a
    reader finds either the whole ranking or none."""
    root = root or index_dir()
    root.mkdir(parents=True, exist_ok=True)
    final = root / stamp
    if final.is_dir():
        return final
    unfinished = Path(tempfile.mkdtemp(prefix=f".{stamp}-", dir=root))
    try:
        if model is not None:
            model.save(str(unfinished), show_progress=False)
        np.save(unfinished / _IDS, passage_ids)
        np.save(unfinished / _FIELDS, field_ids)
        os.rename(unfinished, final)
    except OSError:
        shutil.rmtree(unfinished, ignore_errors=True)
        if not final.is_dir():
            raise
    _prune(root, keep=final)
    return final


def load(
    stamp: str, *, root: Path | None = None
) -> tuple[bm25s.BM25 | None, np.ndarray, np.ndarray] | None:
    """The ranking saved for `stamp`, memory-mapped; None when there is none."""
    path = (root or index_dir()) / stamp
    if not stamp or not (path / _IDS).is_file():
        return None
    model = None
    if (path / _PARAMS).is_file():
        model = bm25s.BM25.load(str(path), mmap=True, show_progress=False)
    ids = np.load(path / _IDS, mmap_mode="r")
    fields = np.load(path / _FIELDS, mmap_mode="r")
    return model, ids, fields


def _prune(root: Path, *, keep: Path) -> None:
    now = time.time()
    finished = []
    for entry in root.iterdir():
        if not entry.is_dir():
            continue
        if entry.name.startswith("."):
            if now - entry.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry != keep:
            finished.append(entry)
    finished.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    for entry in finished[KEEP:]:
        shutil.rmtree(entry, ignore_errors=True)
