"""Frozen question data: built from the bank, shown to learners without the answers."""

from __future__ import annotations

import hashlib
import json
import random
import secrets
from typing import Any

from quizzes import grading
from quizzes.models import Question, QuestionKind


def question_content(question: Question) -> dict[str, Any]:
    """Everything that grading and display need, without ids (used to detect changes)."""
    data: dict[str, Any] = {
        "kind": question.kind,
        "name": question.name,
        "text": question.text,
        "general_feedback": question.general_feedback,
    }
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        data["options"] = [
            {"text": c.text, "correct": c.is_correct, "feedback": c.feedback}
            for c in question.choices.all()
        ]
        if kind == QuestionKind.MULTIPLE:
            data["partial_credit"] = question.partial_credit
    elif kind == QuestionKind.TRUE_FALSE:
        data["options"] = [
            {"text": "", "correct": question.true_is_correct, "feedback": question.true_feedback},
            {
                "text": "",
                "correct": not question.true_is_correct,
                "feedback": question.false_feedback,
            },
        ]
    elif kind == QuestionKind.SHORT:
        data["accepted"] = [
            {"text": a.text, "feedback": a.feedback} for a in question.accepted_answers.all()
        ]
        data["ignore_case"] = question.ignore_case
        data["ignore_diacritics"] = question.ignore_diacritics
    elif kind == QuestionKind.MATCHING:
        pairs = list(question.pairs.all())
        data["pairs"] = [{"prompt": p.prompt, "match": p.match} for p in pairs]
    elif kind == QuestionKind.ORDERING:
        data["items"] = [item.text for item in question.order_items.all()]
    return data


def digest_of(content: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _new_id(taken: set[str]) -> str:
    # Random ids, so that an id never hints at which option is right or where an item goes.
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def with_ids(content: dict[str, Any]) -> dict[str, Any]:
    """The stored version data: `content` with random ids on options, prompts and items."""
    data = {k: v for k, v in content.items() if k not in ("options", "pairs", "items")}
    taken: set[str] = set()
    kind = content["kind"]
    if kind == grading.TRUE_FALSE:
        true, false = content["options"]
        data["options"] = [{"id": "true", **true}, {"id": "false", **false}]
    elif "options" in content:
        data["options"] = [{"id": _new_id(taken), **option} for option in content["options"]]
    if kind == grading.MATCHING:
        match_ids: dict[str, str] = {}
        for pair in content["pairs"]:
            if pair["match"] not in match_ids:
                match_ids[pair["match"]] = _new_id(taken)
        data["matches"] = [{"id": mid, "text": text} for text, mid in match_ids.items()]
        data["prompts"] = [
            {"id": _new_id(taken), "text": pair["prompt"], "match": match_ids[pair["match"]]}
            for pair in content["pairs"]
            if pair["prompt"]
        ]
    if kind == grading.ORDERING:
        data["items"] = [{"id": _new_id(taken), "text": text} for text in content["items"]]
    return data


def display_order(data: dict[str, Any], *, shuffle: bool, rng: random.Random) -> list[str]:
    """Ids in the order one learner sees them: options, matches, or ordering items.

    Ordering items are always shuffled (the bank order is the answer); true/false never is.
    """
    kind = data["kind"]
    if kind == grading.ORDERING:
        ids = [item["id"] for item in data["items"]]
        original = list(ids)
        for _ in range(10):
            rng.shuffle(ids)
            if ids != original or len(ids) < 2:
                break
        return ids
    if kind == grading.MATCHING:
        ids = [match["id"] for match in data["matches"]]
        rng.shuffle(ids)
        return ids
    ids = [option["id"] for option in data.get("options", [])]
    if shuffle and kind != grading.TRUE_FALSE:
        rng.shuffle(ids)
    return ids


def public_question(data: dict[str, Any], order: list[str]) -> dict[str, Any]:
    """What the learner's browser may receive before submitting: no correctness, no feedback."""
    kind = data["kind"]
    public: dict[str, Any] = {"kind": kind, "text": data["text"]}
    if kind in (grading.SINGLE, grading.MULTIPLE, grading.TRUE_FALSE):
        by_id = {o["id"]: o["text"] for o in data["options"]}
        public["options"] = [{"id": i, "text": by_id[i]} for i in order if i in by_id]
    elif kind == grading.MATCHING:
        by_id = {m["id"]: m["text"] for m in data["matches"]}
        public["prompts"] = [{"id": p["id"], "text": p["text"]} for p in data["prompts"]]
        public["matches"] = [{"id": i, "text": by_id[i]} for i in order if i in by_id]
    elif kind == grading.ORDERING:
        by_id = {item["id"]: item["text"] for item in data["items"]}
        public["items"] = [{"id": i, "text": by_id[i]} for i in order if i in by_id]
    return public


def correct_answer_text(data: dict[str, Any]) -> list[str]:
    """The right answer in words, for a review that shows correct answers."""
    kind = data["kind"]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        return [o["text"] for o in data["options"] if o["correct"]]
    if kind == grading.TRUE_FALSE:
        return [o["id"] for o in data["options"] if o["correct"]]
    if kind == grading.SHORT:
        return [a["text"] for a in data["accepted"]]
    if kind == grading.MATCHING:
        matches = {m["id"]: m["text"] for m in data["matches"]}
        return [f"{p['text']} → {matches[p['match']]}" for p in data["prompts"]]
    if kind == grading.ORDERING:
        return [item["text"] for item in data["items"]]
    return []
