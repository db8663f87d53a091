"""Measure the assistant on a fixed set of staff questions, against the search it replaces.

A question is a hit when a passage from one of its expected sources (a task code or a lesson
slug) is among the first three results. The baseline is the AND of folded substrings that the
task catalogue and FAQ search used: every word of the question must occur in the source.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant import search, services, store
from assistant.models import Passage
from courses.models import DecentralisedTask, LessonPage
from lib.text import fold

QUESTIONS_FILE = Path(__file__).resolve().parent / "eval" / "questions.json"


@dataclass(frozen=True)
class Report:
    questions: int
    hit1: float
    hit3: float
    hit5: float
    mrr10: float
    baseline_hit3: float
    declined: int
    out_of_scope: int
    ms_p95: float
    misses: list[tuple[str, list[str], list[str]]]

    def line(self) -> str:
        return (
            f"RESULT questions={self.questions} hit1={self.hit1:.2f} hit3={self.hit3:.2f} "
            f"hit5={self.hit5:.2f} mrr10={self.mrr10:.2f} "
            f"out_of_scope_declined={self.declined}/{self.out_of_scope} ms_p95={self.ms_p95:.1f}"
            # Extras come after the keys, so a parser of its line keeps working.
            f" baseline_hit3={self.baseline_hit3:.2f}"
        )


def load_questions(path: Path = QUESTIONS_FILE) -> dict[str, list]:  # type: ignore[type-arg]
    with open(path, encoding="utf-8") as handle:
        data: dict[str, list] = json.load(handle)  # type: ignore[type-arg]
    return data


def _lesson_texts() -> list[tuple[str, str]]:
    return [
        (lesson.slug, fold(f"{lesson.title} {lesson.body.render_as_block()}"))
        for lesson in LessonPage.objects.live().public().order_by("path")
    ]


def _baseline(question: str, lessons: list[tuple[str, str]]) -> list[str]:
    """Sources whose folded text contains every folded word of the question, catalogue order."""
    words = fold(question).replace("?", " ").replace(",", " ").split()
    tasks = DecentralisedTask.objects.all()
    for word in words:
        tasks = tasks.filter(folded_text__contains=word)
    found = [task.code for task in tasks]
    found += [slug for slug, text in lessons if all(word in text for word in words)]
    return found


def _codes(question: str) -> tuple[list[str], bool, float]:
    started = time.perf_counter()
    answers, answered = services.find_answers(question)
    elapsed = (time.perf_counter() - started) * 1000
    codes = []
    for answer in answers:
        code = answer.passage.code or f"faq-{answer.passage.source_id}"
        if code not in codes:
            codes.append(code)
    return codes, answered, elapsed


def evaluate(data: dict[str, list]) -> Report:  # type: ignore[type-arg]
    ranks: list[int | None] = []
    baseline_hits = 0
    times: list[float] = []
    misses = []
    lessons = _lesson_texts()
    for item in data["questions"]:
        gold = set(item["gold"])
        codes, _answered, elapsed = _codes(item["q"])
        times.append(elapsed)
        rank = next((i for i, code in enumerate(codes[:10]) if code in gold), None)
        ranks.append(rank)
        if rank is None or rank >= 3:
            misses.append((item["q"], sorted(gold), codes[:3]))
        if set(_baseline(item["q"], lessons)[:3]) & gold:
            baseline_hits += 1
    declined = 0
    for question in data.get("out_of_scope", []):
        _, answered, elapsed = _codes(question)
        times.append(elapsed)
        declined += not answered
    count = len(ranks) or 1
    return Report(
        questions=len(ranks),
        hit1=sum(r is not None and r < 1 for r in ranks) / count,
        hit3=sum(r is not None and r < 3 for r in ranks) / count,
        hit5=sum(r is not None and r < 5 for r in ranks) / count,
        mrr10=sum(1 / (r + 1) for r in ranks if r is not None) / count,
        baseline_hit3=baseline_hits / count,
        declined=declined,
        out_of_scope=len(data.get("out_of_scope", [])),
        ms_p95=statistics.quantiles(times, n=20)[-1] if len(times) > 1 else sum(times),
        misses=misses,
    )


def bench(data: dict[str, list], size: int) -> str:  # type: ignore[type-arg]
    """Time the ranking over `size` passages made by repeating the stored ones (each copy with
    one token of its own): building and saving it (what the Celery task does once), mapping
    it (what each web process does), and ranking the questions on the mapped copy."""
    stored = list(Passage.objects.filter(published=True).values_list("field_id", "tokens"))
    if not stored:
        return "BENCH no passages; run rebuild_assistant_index first"
    rows = [
        (i + 1, stored[i % len(stored)][0], f"{stored[i % len(stored)][1]} copy{i}")
        for i in range(size)
    ]
    started = time.perf_counter()
    built = search.build_ranking("bench", rows)
    build_ms = (time.perf_counter() - started) * 1000
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        store.save("bench", built.model, built.passage_ids, built.field_ids, root=Path(folder))
        save_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        index = search.load_ranking("bench", root=Path(folder))
        load_ms = (time.perf_counter() - started) * 1000
        assert index is not None
        questions = [item["q"] for item in data["questions"]] + data.get("out_of_scope", [])
        times = []
        for question in questions * 3:
            started = time.perf_counter()
            search.rank(question, index=index)
            times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return (
        f"BENCH passages={size} build_ms={build_ms:.0f} save_ms={save_ms:.0f} "
        f"load_ms={load_ms:.0f} rank_ms_p50={statistics.median(times):.1f} rank_ms_p95={p95:.1f}"
    )
