"""Pure grading of one answer against a frozen question version (see quizzes.snapshot).

Responses reaching `grade` have passed `normalise_response`, which rejects anything that does
not refer to this question's own options, prompts or items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from lib.text import clean_text, fold

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "truefalse"
SHORT = "short"
MATCHING = "matching"
ORDERING = "ordering"

ALL_OR_NOTHING = "all"
RIGHT_MINUS_WRONG = "net"

SHORT_ANSWER_MAX = 300

Response = str | list[str] | dict[str, str] | None


class InvalidResponse(ValueError):
    """The response does not fit the question (unknown option, wrong shape, too long)."""


@dataclass(frozen=True)
class Outcome:
    fraction: Fraction
    feedback: list[str] = field(default_factory=list)

    @property
    def is_correct(self) -> bool:
        return self.fraction == 1

    @property
    def is_partial(self) -> bool:
        return 0 < self.fraction < 1


def short_answer_key(text: str, *, ignore_case: bool, ignore_diacritics: bool) -> str:
    """The form two short answers are compared in; ignoring diacritics ignores case too."""
    cleaned = clean_text(text)
    if ignore_diacritics:
        return fold(cleaned)
    return cleaned.casefold() if ignore_case else cleaned


def _option_ids(data: dict[str, Any]) -> list[str]:
    return [option["id"] for option in data.get("options", [])]


def normalise_response(data: dict[str, Any], raw: Any) -> Response:
    """Check `raw` against the question and return it in canonical form (None = no answer)."""
    kind = data["kind"]
    if raw is None or raw == "" or raw == [] or raw == {}:
        return None
    if kind in (SINGLE, TRUE_FALSE):
        if not isinstance(raw, str) or raw not in _option_ids(data):
            raise InvalidResponse
        return raw
    if kind == MULTIPLE:
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise InvalidResponse
        ids = _option_ids(data)
        if any(item not in ids for item in raw):
            raise InvalidResponse
        return [option_id for option_id in ids if option_id in raw]
    if kind == SHORT:
        if not isinstance(raw, str):
            raise InvalidResponse
        text = clean_text(raw)
        if len(text) > SHORT_ANSWER_MAX:
            raise InvalidResponse
        return text or None
    if kind == MATCHING:
        if not isinstance(raw, dict):
            raise InvalidResponse
        prompts = {prompt["id"] for prompt in data["prompts"]}
        matches = {match["id"] for match in data["matches"]}
        answer: dict[str, str] = {}
        for key, value in raw.items():
            if key not in prompts or not isinstance(value, str):
                raise InvalidResponse
            if value == "":
                continue
            if value not in matches:
                raise InvalidResponse
            answer[key] = value
        return answer or None
    if kind == ORDERING:
        items = [item["id"] for item in data["items"]]
        if (
            not isinstance(raw, list)
            or not all(isinstance(item, str) for item in raw)
            or sorted(raw) != sorted(items)
        ):
            raise InvalidResponse
        return list(raw)
    raise InvalidResponse


def _grade_choices(data: dict[str, Any], chosen: list[str]) -> Outcome:
    options = data["options"]
    correct = {o["id"] for o in options if o["correct"]}
    wrong = {o["id"] for o in options if not o["correct"]}
    feedback = [o["feedback"] for o in options if o["id"] in chosen and o["feedback"]]
    picked = set(chosen)
    if data["kind"] != MULTIPLE:
        return Outcome(Fraction(1 if picked and picked <= correct else 0), feedback)
    if data.get("partial_credit") == ALL_OR_NOTHING or not correct:
        return Outcome(Fraction(1 if picked == correct else 0), feedback)
    net = len(picked & correct) - len(picked & wrong)
    return Outcome(max(Fraction(0), Fraction(net, len(correct))), feedback)


def grade(data: dict[str, Any], response: Response) -> Outcome:
    """The fraction (0..1) of the question's mark that `response` earns, and its feedback."""
    kind = data["kind"]
    if response is None:
        return Outcome(Fraction(0))
    if kind in (SINGLE, TRUE_FALSE):
        return _grade_choices(data, [response] if isinstance(response, str) else [])
    if kind == MULTIPLE:
        return _grade_choices(data, response if isinstance(response, list) else [])
    if kind == SHORT:
        options = {
            "ignore_case": bool(data.get("ignore_case")),
            "ignore_diacritics": bool(data.get("ignore_diacritics")),
        }
        given = short_answer_key(str(response), **options)
        for accepted in data["accepted"]:
            if short_answer_key(accepted["text"], **options) == given:
                return Outcome(Fraction(1), [accepted["feedback"]] if accepted["feedback"] else [])
        return Outcome(Fraction(0))
    if kind == MATCHING:
        prompts = data["prompts"]
        if not prompts or not isinstance(response, dict):
            return Outcome(Fraction(0))
        right = sum(1 for p in prompts if response.get(p["id"]) == p["match"])
        return Outcome(Fraction(right, len(prompts)))
    if kind == ORDERING:
        items = [item["id"] for item in data["items"]]
        if not items or not isinstance(response, list):
            return Outcome(Fraction(0))
        right = sum(1 for given, wanted in zip(response, items, strict=False) if given == wanted)
        return Outcome(Fraction(right, len(items)))
    raise InvalidResponse


def score_of(mark: Decimal, fraction: Fraction) -> Decimal:
    """The marks earned, to two decimals."""
    exact = mark * Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent_of(score: Decimal, maximum: Decimal) -> Decimal:
    """`score` as a percentage of `maximum`, to two decimals (0 when nothing can be scored)."""
    if maximum <= 0:
        return Decimal("0.00")
    return (score * 100 / maximum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overall_grade(method: str, percents: list[Decimal]) -> Decimal | None:
    """Combine finished attempts' percentages (oldest first) by the quiz's grading method."""
    if not percents:
        return None
    if method == "last":
        return percents[-1]
    if method == "first":
        return percents[0]
    if method == "average":
        return (sum(percents, Decimal(0)) / len(percents)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return max(percents)
