"""`lib.batches.chunks` keeps every item, in order, in batches of at most `size`."""

from __future__ import annotations

import pytest

from lib.batches import chunks


def test_chunks_keep_order_and_cut_the_last_batch_short() -> None:
    assert list(chunks([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]


def test_chunks_of_nothing_are_none() -> None:
    assert list(chunks([], 3)) == []


def test_chunks_refuse_an_empty_size() -> None:
    with pytest.raises(ValueError):
        list(chunks([1], 0))
