"""Order a handful of candidates by BM25 over folded syllables and syllable pairs.

The question assistant ranks its passages this way; the course catalogue and the FAQ rank their
search results with the same helper, so a query finds the same things first everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import bm25s

from lib.tokens import tokens

T = TypeVar("T")


def bm25_scores(query: str, documents: Sequence[list[str]]) -> list[float]:
    """The BM25 score of each tokenised document for `query` (0 where nothing matches)."""
    wanted = tokens(query)
    if not wanted or not any(documents):
        return [0.0] * len(documents)
    model = bm25s.BM25()
    # bm25s refuses an empty document; a placeholder token matches no query.
    model.index([document or ["_"] for document in documents], show_progress=False)
    known = [token for token in wanted if token in model.vocab_dict]
    if not known:
        return [0.0] * len(documents)
    return [float(score) for score in model.get_scores(known)]


def by_relevance(query: str, items: Sequence[T], document: Callable[[T], list[str]]) -> list[T]:
    """`items` most relevant to `query` first; equal scores keep the given order."""
    scores = bm25_scores(query, [document(item) for item in items])
    order = sorted(range(len(items)), key=lambda i: -scores[i])
    return [items[i] for i in order]


def weighted(*parts: tuple[str, int]) -> list[str]:
    """Tokens of each (text, weight) part repeated `weight` times: a title counts more."""
    return [token for text, weight in parts for token in tokens(text) * weight]
