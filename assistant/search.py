"""Rank passages for a question with BM25 over folded syllables and pairs, and pick the
sentences that answer it.

Each web process holds the ranking for the current index stamp: it maps the one saved under
var/ by whoever moved the stamp (assistant.store says why there), and builds its own from the
stored tokens only when that file is missing. It checks the stamp on every question, so
several gunicorn workers never disagree for longer than one question.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant import store
from assistant.models import IndexState, Passage
from lib.tokens import sentences, tokens

MAX_ANSWERS = 5
# Shares of the question's weight (by rarity) the best passage must contain, in syllables and
# in syllable pairs, and the BM25 score it must reach, for the assistant to call it an answer.
# Pairs tell "hộ chiếu" (passport) from "hồ sơ" where single syllables all occur somewhere.
MIN_COVERAGE = 0.5
MIN_PAIR_COVERAGE = 0.15
MIN_SCORE = 3.0
# Passages scoring under this share of the best one are noise, not further answers.
RELATIVE_FLOOR = 0.3
# Candidates checked for visibility before the first MAX_ANSWERS are kept.
CANDIDATES = 20


@dataclass
class _Ranking:
    stamp: str
    model: bm25s.BM25 | None
    passage_ids: np.ndarray
    field_ids: np.ndarray

    def postings(self, token: str) -> np.ndarray:
        """Positions of the passages holding `token`, read from BM25's token-major matrix."""
        if self.model is None:
            return np.empty(0, dtype=np.int64)
        token_id = self.model.vocab_dict.get(token)
        if token_id is None:
            return np.empty(0, dtype=np.int64)
        pointers = self.model.scores["indptr"]
        return self.model.scores["indices"][pointers[token_id] : pointers[token_id + 1]]

    def idf(self, token: str) -> float:
        count = len(self.passage_ids)
        return math.log((count + 1) / (len(self.postings(token)) + 0.5))


_lock = threading.Lock()
_ranking: _Ranking | None = None


def _current_stamp() -> str:
    return IndexState.objects.filter(pk=1).values_list("stamp", flat=True).first() or ""


def _build(stamp: str) -> _Ranking:
    rows = list(
        Passage.objects.filter(published=True)
        .order_by("pk")
        .values_list("pk", "field_id", "tokens")
    )
    return build_ranking(stamp, rows)


def persist(stamp: str) -> _Ranking:
    """Build the ranking of the passages as this transaction sees them and save it for `stamp`,
    before the stamp is committed, so web processes load it instead of building it."""
    built = _build(stamp)
    store.save(stamp, built.model, built.passage_ids, built.field_ids)
    return built


def load_ranking(stamp: str, *, root: Path | None = None) -> _Ranking | None:
    """The ranking saved for `stamp`, memory-mapped, or None."""
    saved = store.load(stamp, root=root)
    if saved is None:
        return None
    model, passage_ids, field_ids = saved
    return _Ranking(stamp=stamp, model=model, passage_ids=passage_ids, field_ids=field_ids)


def build_ranking(stamp: str, rows: Sequence[tuple[int, int | None, str]]) -> _Ranking:
    """A ranking over (passage id, field id, space-separated tokens) rows."""
    documents = [tokens_text.split() for _, _, tokens_text in rows]
    model = None
    if documents:
        model = bm25s.BM25()
        model.index(documents, show_progress=False)
    return _Ranking(
        stamp=stamp,
        model=model,
        passage_ids=np.array([pk for pk, _, _ in rows], dtype=np.int64),
        field_ids=np.array([field_id or 0 for _, field_id, _ in rows], dtype=np.int64),
    )


def ranking() -> _Ranking:
    """This process's ranking, loaded again when the passages changed since it was made."""
    global _ranking
    stamp = _current_stamp()
    current = _ranking
    if current is not None and current.stamp == stamp:
        return current
    with _lock:
        if _ranking is None or _ranking.stamp != stamp:
            _ranking = load_ranking(stamp) or _build(stamp)
        return _ranking


@dataclass(frozen=True)
class Scored:
    passage_id: int
    score: float
    coverage: float
    pair_coverage: float


def rank(
    question: str,
    *,
    field_id: int | None = None,
    limit: int = CANDIDATES,
    index: _Ranking | None = None,
) -> list[Scored]:
    """The best passages for `question`, best first, with their BM25 score and how much of the
    question's weight they contain."""
    index = index or ranking()
    query = tokens(question)
    if index.model is None or not query:
        return []
    scores = index.model.get_scores(query)
    if field_id is not None:
        scores = np.where(index.field_ids == field_id, scores, 0.0)
    if len(scores) > limit:
        # Only the best `limit` need sorting, not every passage.
        top = np.argpartition(-scores, limit)[:limit]
        order = top[np.argsort(-scores[top], kind="stable")]
    else:
        order = np.argsort(-scores, kind="stable")
    order = order[scores[order] > 0]
    pairs = {t for t in query if "_" in t}
    words = set(query) - pairs
    covered, paired = np.zeros(len(order)), np.zeros(len(order))
    for token in set(query):
        weight = index.idf(token)
        held = np.isin(order, index.postings(token)) * weight
        if token in pairs:
            paired += held
        else:
            covered += held
    total = sum(index.idf(word) for word in words) or 1.0
    pairs_total = sum(index.idf(pair) for pair in pairs) or 1.0
    return [
        Scored(
            int(index.passage_ids[position]),
            float(scores[position]),
            float(covered[i]) / total,
            float(paired[i]) / pairs_total if pairs else 1.0,
        )
        for i, position in enumerate(order)
    ]


def is_answer(best: Scored | None) -> bool:
    return (
        best is not None
        and best.score >= MIN_SCORE
        and best.coverage >= MIN_COVERAGE
        and best.pair_coverage >= MIN_PAIR_COVERAGE
    )


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool


def highlight(
    text: str, question: str, *, index: _Ranking | None = None, context: int = 1
) -> tuple[list[Piece], bool, bool]:
    """The sentences of `text` around the one(s) sharing most of the question's words, those
    marked; and whether text was left out before and after."""
    index = index or ranking()
    query = set(tokens(question))
    parts = sentences(text)
    if not parts:
        return [], False, False
    weights = [sum(index.idf(t) for t in query.intersection(tokens(part))) for part in parts]
    best = max(weights)
    if best <= 0:
        marked = set()
        first, last = 0, min(len(parts), 2) - 1
    else:
        ranked = sorted(range(len(parts)), key=lambda i: -weights[i])
        marked = {i for i in ranked[:2] if weights[i] >= 0.75 * best}
        if max(marked) - min(marked) > 2:
            # Two far-apart sentences would quote the whole section; keep the better one.
            marked = {ranked[0]}
        first = max(0, min(marked) - context)
        last = min(len(parts) - 1, max(marked) + context)
    pieces = [Piece(parts[i], i in marked) for i in range(first, last + 1)]
    return pieces, first > 0, last < len(parts) - 1
