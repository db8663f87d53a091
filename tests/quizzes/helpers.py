"""Right and wrong answers for attempts, read from the frozen versions like a tampering client."""

from __future__ import annotations

from typing import Any

from quizzes.models import Attempt, AttemptQuestion


def right_answer(item: AttemptQuestion) -> Any:
    data = item.version.data
    kind = data["kind"]
    if kind in ("single", "truefalse"):
        return next(o["id"] for o in data["options"] if o["correct"])
    if kind == "multiple":
        return [o["id"] for o in data["options"] if o["correct"]]
    if kind == "short":
        return data["accepted"][0]["text"]
    if kind == "matching":
        return {p["id"]: p["match"] for p in data["prompts"]}
    return [i["id"] for i in data["items"]]


def wrong_answer(item: AttemptQuestion) -> Any:
    data = item.version.data
    kind = data["kind"]
    if kind in ("single", "truefalse"):
        return next(o["id"] for o in data["options"] if not o["correct"])
    if kind == "multiple":
        return [o["id"] for o in data["options"] if not o["correct"]]
    if kind == "short":
        return "không biết"
    if kind == "matching":
        ids = [m["id"] for m in data["matches"]]
        return {p["id"]: next(i for i in ids if i != p["match"]) for p in data["prompts"]}
    return list(reversed([i["id"] for i in data["items"]]))


def answers(attempt: Attempt, *, right: int | None = None) -> dict[str, Any]:
    """Answers keyed by attempt question id: the first `right` right, the rest wrong."""
    items = list(attempt.items.select_related("version").order_by("position"))
    count = len(items) if right is None else right
    return {
        str(item.pk): right_answer(item) if index < count else wrong_answer(item)
        for index, item in enumerate(items)
    }
