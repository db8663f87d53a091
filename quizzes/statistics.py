"""Item analysis of a quiz: score distribution, facility, discrimination, common wrong answers.

The math is in small pure functions; `quiz_statistics` applies it to the attempts a selector
has already scoped to the viewer.
"""

from __future__ import annotations

import math
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from lib.text import fold
from quizzes import grading
from quizzes.models import Attempt, AttemptQuestion

BINS = 10
TOP_WRONG = 3


def histogram(percents: Iterable[float], bins: int = BINS) -> list[int]:
    """Counts of percentages in equal bins over 0–100; 100 falls into the last bin."""
    counts = [0] * bins
    for value in percents:
        index = min(int(max(value, 0) * bins // 100), bins - 1)
        counts[index] += 1
    return counts


def facility(fractions: Sequence[float]) -> float | None:
    """Mean fraction of the mark earned, as a percentage (how easy the question was)."""
    if not fractions:
        return None
    return 100 * sum(fractions) / len(fractions)


def discrimination(fractions: Sequence[float], rest: Sequence[float]) -> float | None:
    """Correlation (as a percentage) between a question's score and the rest of the test.

    None when there are fewer than two attempts or either side does not vary.
    """
    if len(fractions) < 2 or len(fractions) != len(rest):
        return None
    if len(set(fractions)) < 2 or len(set(rest)) < 2:
        return None
    r = stats.correlation(list(fractions), list(rest))
    return None if math.isnan(r) else 100 * r


def rest_of_test(
    attempt_score: Decimal, attempt_max: Decimal, score: Decimal, mark: Decimal
) -> float:
    """The attempt's percentage without this question (0 when nothing else could be scored)."""
    other_max = attempt_max - mark
    if other_max <= 0:
        return 0.0
    return float((attempt_score - score) * 100 / other_max)


def wrong_answers(data: dict[str, Any], response: Any, fraction: float | None) -> list[str]:
    """The wrong parts of one response, in words, to count the most common mistakes."""
    kind = data["kind"]
    if response is None:
        return []
    if kind in (grading.SINGLE, grading.TRUE_FALSE, grading.MULTIPLE):
        chosen = response if isinstance(response, list) else [response]
        return [
            o["text"] or o["id"] for o in data["options"] if o["id"] in chosen and not o["correct"]
        ]
    if kind == grading.SHORT:
        return [str(response)] if not fraction else []
    if kind == grading.MATCHING and isinstance(response, dict):
        matches = {m["id"]: m["text"] for m in data["matches"]}
        return [
            f"{p['text']} → {matches[response[p['id']]]}"
            for p in data["prompts"]
            if p["id"] in response and response[p["id"]] != p["match"]
        ]
    return []


@dataclass
class QuestionStats:
    question_id: int
    name: str
    kind: str
    attempts: int = 0
    facility: float | None = None
    discrimination: float | None = None
    wrong: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class QuizStatistics:
    attempts: int
    learners: int
    mean: float | None
    median: float | None
    pass_rate: float | None
    histogram: list[int]
    questions: list[QuestionStats]

    @property
    def histogram_rows(self) -> list[tuple[str, int, int]]:
        """(label, count, bar width %) for each bin."""
        top = max(self.histogram, default=0) or 1
        size = 100 // len(self.histogram) if self.histogram else 10
        return [
            (f"{i * size}–{(i + 1) * size}%", count, round(100 * count / top))
            for i, count in enumerate(self.histogram)
        ]


def quiz_statistics(attempts: QuerySet[Attempt]) -> QuizStatistics:
    """Statistics over finished `attempts` (already scoped to the viewer)."""
    finished = list(
        attempts.filter(state="done").only(
            "pk", "user_id", "score", "max_score", "percent", "passed"
        )
    )
    percents = [float(a.percent or 0) for a in finished]
    by_attempt = {a.pk: a for a in finished}
    items = (
        AttemptQuestion.objects.filter(attempt_id__in=list(by_attempt))
        .select_related("version", "version__question")
        .order_by("version__question_id", "attempt_id")
    )
    fractions: dict[int, list[float]] = defaultdict(list)
    rests: dict[int, list[float]] = defaultdict(list)
    mistakes: dict[int, Counter[str]] = defaultdict(Counter)
    spelled: dict[int, dict[str, str]] = defaultdict(dict)
    meta: dict[int, tuple[str, str]] = {}
    first_position: dict[int, int] = {}
    for item in items:
        question = item.version.question
        qid = question.pk
        meta[qid] = (question.name, question.kind)
        first_position[qid] = min(first_position.get(qid, item.position), item.position)
        attempt = by_attempt[item.attempt_id]
        fractions[qid].append(item.fraction or 0.0)
        rests[qid].append(
            rest_of_test(
                attempt.score or Decimal(0), attempt.max_score, item.score or Decimal(0), item.mark
            )
        )
        for wrong in wrong_answers(item.version.data, item.response, item.fraction):
            key = fold(wrong)
            spelled[qid].setdefault(key, wrong)
            mistakes[qid][key] += 1
    rows = [
        QuestionStats(
            question_id=qid,
            name=meta[qid][0],
            kind=meta[qid][1],
            attempts=len(fractions[qid]),
            facility=facility(fractions[qid]),
            discrimination=discrimination(fractions[qid], rests[qid]),
            wrong=[(spelled[qid][key], n) for key, n in mistakes[qid].most_common(TOP_WRONG)],
        )
        for qid in sorted(fractions, key=lambda q: (first_position[q], q))
    ]
    return QuizStatistics(
        attempts=len(finished),
        learners=len({a.user_id for a in finished}),
        mean=stats.fmean(percents) if percents else None,
        median=stats.median(percents) if percents else None,
        pass_rate=100 * sum(1 for a in finished if a.passed) / len(finished) if finished else None,
        histogram=histogram(percents),
        questions=rows,
    )
