"""Reading a committed CMI data model (SCORM 1.2 or 2004) into typed values; pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

LESSON_STATUSES = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_STATUSES = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_STATUSES = {"passed", "failed", "unknown"}
EXITS = {"", "time-out", "suspend", "logout", "normal"}
MAX_INTERACTIONS = 250
MAX_SUSPEND_DATA = 64 * 1024
MAX_LOCATION = 1000
_CMI_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")
_ISO_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


class InvalidCmi(ValueError):
    """A value of the committed data model is not what SCORM allows."""


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"cmi": {"core": {"lesson_status": "x"}}} as {"cmi.core.lesson_status": "x"}; arrays
    (lists, or objects keyed "0", "1", …) get their index as a segment."""
    flat: dict[str, Any] = {}
    items: Any
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {prefix: data} if prefix else {}
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        flat.update(flatten(value, path))
    return flat


def parse_duration(value: str) -> timedelta | None:
    """A 1.2 CMITimespan ("0001:02:03.5") or a 2004 ISO 8601 duration ("PT1H2M3.5S")."""
    value = value.strip()
    match = _CMI_TIMESPAN.match(value)
    if match:
        hours, minutes, seconds, fraction = match.groups()
        return timedelta(
            hours=int(hours), minutes=int(minutes), seconds=int(seconds) + float(fraction or 0)
        )
    match = _ISO_DURATION.match(value)
    if match and value not in ("P", "PT"):
        years, months, days, hours, minutes, seconds = (float(g or 0) for g in match.groups())
        return timedelta(
            days=years * 365 + months * 30 + days, hours=hours, minutes=minutes, seconds=seconds
        )
    return None


def format_duration(value: timedelta, *, scorm_12: bool) -> str:
    seconds = value.total_seconds()
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    if scorm_12:
        return f"{min(hours, 9999):04d}:{minutes:02d}:{whole:02d}"
    return f"PT{hours}H{minutes}M{whole}S"


@dataclass
class CmiState:
    """What one commit says, typed; empty strings and None where it says nothing."""

    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""
    progress_measure: float | None = None
    score_raw: float | None = None
    score_min: float | None = None
    score_max: float | None = None
    score_scaled: float | None = None
    location: str = ""
    suspend_data: str = ""
    exit: str = ""
    session_time: timedelta | None = None
    session_time_text: str = ""
    interactions: list[dict[str, Any]] = field(default_factory=list)


def _text(flat: dict[str, Any], key: str, limit: int = 255) -> str:
    value = flat.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidCmi(key)
    text = str(value)
    if len(text) > limit:
        raise InvalidCmi(key)
    return text


def _number(
    flat: dict[str, Any], key: str, low: float | None = None, high: float | None = None
) -> float | None:
    text = _text(flat, key, 40).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise InvalidCmi(key) from None
    floor = -1e12 if low is None else low
    ceiling = 1e12 if high is None else high
    if number != number or not floor <= number <= ceiling:
        raise InvalidCmi(key)
    return number


def _vocabulary(flat: dict[str, Any], key: str, allowed: set[str]) -> str:
    value = _text(flat, key, 40)
    if value and value not in allowed:
        raise InvalidCmi(key)
    return value


def _interactions(flat: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for key, value in flat.items():
        if not key.startswith(prefix):
            continue
        index, _, rest = key[len(prefix) :].partition(".")
        if not index.isdigit() or not rest or rest in ("_count", "_children"):
            continue
        number = int(index)
        if number >= MAX_INTERACTIONS:
            raise InvalidCmi("interactions")
        if isinstance(value, str) and len(value) > 4096:
            raise InvalidCmi(key)
        rows.setdefault(number, {})[rest] = value
    return [rows[index] for index in sorted(rows)]


def read_cmi(data: Any, *, scorm_12: bool) -> CmiState:
    """The typed state in a commit ({"cmi": {...}} or the cmi object itself).

    Raises InvalidCmi naming the element when a value is out of SCORM's vocabulary or range."""
    if not isinstance(data, dict):
        raise InvalidCmi("cmi")
    flat = flatten(data if "cmi" in data else {"cmi": data})
    state = CmiState()
    if scorm_12:
        state.lesson_status = _vocabulary(flat, "cmi.core.lesson_status", LESSON_STATUSES)
        state.score_raw = _number(flat, "cmi.core.score.raw")
        state.score_min = _number(flat, "cmi.core.score.min")
        state.score_max = _number(flat, "cmi.core.score.max")
        state.location = _text(flat, "cmi.core.lesson_location", MAX_LOCATION)
        state.exit = _vocabulary(flat, "cmi.core.exit", EXITS)
        state.session_time_text = _text(flat, "cmi.core.session_time", 40)
    else:
        state.completion_status = _vocabulary(flat, "cmi.completion_status", COMPLETION_STATUSES)
        state.success_status = _vocabulary(flat, "cmi.success_status", SUCCESS_STATUSES)
        state.progress_measure = _number(flat, "cmi.progress_measure", 0, 1)
        state.score_scaled = _number(flat, "cmi.score.scaled", -1, 1)
        state.score_raw = _number(flat, "cmi.score.raw")
        state.score_min = _number(flat, "cmi.score.min")
        state.score_max = _number(flat, "cmi.score.max")
        state.location = _text(flat, "cmi.location", MAX_LOCATION)
        state.exit = _vocabulary(flat, "cmi.exit", EXITS)
        state.session_time_text = _text(flat, "cmi.session_time", 40)
    state.suspend_data = _text(flat, "cmi.suspend_data", MAX_SUSPEND_DATA)
    if state.session_time_text:
        state.session_time = parse_duration(state.session_time_text)
        if state.session_time is None:
            raise InvalidCmi("session_time")
    state.interactions = _interactions(flat, "cmi.interactions.")
    return state
