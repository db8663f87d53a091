"""The ranking is built once where the passages change, saved under the index stamp, and
mapped by web processes; a process builds its own only when the saved one is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from assistant import search, services, store
from assistant.indexing import rebuild_index
from assistant.models import IndexState
from tests.assistant.factories import make_field, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_process(monkeypatch):
    """This process as a new web worker: no ranking in memory yet."""
    monkeypatch.setattr(search, "_ranking", None)


def _stamp() -> str:
    return IndexState.objects.get(pk=1).stamp


def test_a_rebuild_saves_the_ranking_under_its_stamp_and_workers_map_it(fresh_process, monkeypatch):
    make_task(make_field())
    rebuild_index()
    saved = Path(settings.ASSISTANT_INDEX_DIR) / _stamp()
    assert (saved / "passage_ids.npy").is_file()

    def no_build(stamp: str) -> None:
        raise AssertionError("a web process built the ranking instead of loading it")

    monkeypatch.setattr(search, "_build", no_build)
    answers, _ = services.find_answers("ai cap giay phep dai nghiep du")
    assert answers[0].passage.code == "TSVTD-01"
    assert isinstance(search.ranking().passage_ids, np.memmap)


def test_without_a_saved_ranking_a_process_builds_its_own(fresh_process):
    make_task(make_field())
    rebuild_index()
    shutil.rmtree(Path(settings.ASSISTANT_INDEX_DIR) / _stamp())
    answers, _ = services.find_answers("ai cap giay phep dai nghiep du")
    assert answers[0].passage.code == "TSVTD-01"
    assert not isinstance(search.ranking().passage_ids, np.memmap)


def test_only_the_latest_rankings_are_kept():
    make_task(make_field())
    for _ in range(store.KEEP + 3):
        rebuild_index()
    kept = [p.name for p in Path(settings.ASSISTANT_INDEX_DIR).iterdir()]
    assert _stamp() in kept
    assert len(kept) == store.KEEP + 1
