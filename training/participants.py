"""Reading participant reports exported by Zoom, Microsoft Teams and Google Meet (CSV).

The layout is recognised from the header row, wherever it sits (Teams and Zoom put a summary
block above the table). Each person's minutes are the union of their join/leave intervals
clipped to the part, or the sum of the duration column when the times cannot be read.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lib.text import clean_text, fold


class ReportFormatError(Exception):
    """The file is not a participant report we can read; `code` names the reason."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Header names (accent-folded, lower case) per role, in order of preference.
EMAIL_HEADERS = (
    "user email",
    "email",
    "e-mail",
    "email address",
    "participant id (upn)",
    "upn",
)
NAME_HEADERS = ("name (original name)", "name", "full name", "participant name", "ho va ten")
FIRST_NAME_HEADERS = ("first name",)
LAST_NAME_HEADERS = ("last name",)
DURATION_HEADERS = (
    "duration (minutes)",
    "duration (mins)",
    "in-meeting duration",
    "duration",
    "time in call",
    "attendance duration",
    "total duration",
)
JOIN_HEADERS = ("join time", "first join", "time joined", "joined", "first seen")
LEAVE_HEADERS = ("leave time", "last leave", "time exited", "left", "last seen")

LAYOUT_ZOOM = "zoom"
LAYOUT_TEAMS = "teams"
LAYOUT_MEET = "meet"
LAYOUT_OTHER = "other"


@dataclass
class ReportRow:
    line: int
    name: str
    email: str
    minutes: float | None
    interval: tuple[datetime.datetime, datetime.datetime] | None


@dataclass
class Report:
    layout: str
    rows: list[ReportRow] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if len(data) > 1 and data[1:2] == b"\x00":
        return data.decode("utf-16-le")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _dialect(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    counts = {sep: sample.count(sep) for sep in ("\t", ",", ";")}
    return max(counts, key=lambda sep: counts[sep])


def _index(headers: list[str], names: Iterable[str]) -> int | None:
    for name in names:
        if name in headers:
            return headers.index(name)
    return None


def detect_layout(headers: list[str]) -> str:
    if "name (original name)" in headers or "duration (minutes)" in headers:
        return LAYOUT_ZOOM
    if {"first join", "in-meeting duration", "participant id (upn)"} & set(headers):
        return LAYOUT_TEAMS
    if "time joined" in headers or {"first name", "last name"} <= set(headers):
        return LAYOUT_MEET
    return LAYOUT_OTHER


_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours|gio|m|min|mins|minute|minutes|phut|s|sec|secs|"
    r"second|seconds|giay)\b"
)


def parse_minutes(value: str) -> float | None:
    """Minutes in "75", "75.5", "1:15:00", "1h 15m 3s", "1 hr 15 min" or "45 phút"."""
    text = fold(value).replace("\u00a0", " ").strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    clock = re.fullmatch(r"(\d+):(\d{1,2})(?::(\d{1,2}))?", text)
    if clock:
        hours, minutes, seconds = clock.group(1), clock.group(2), clock.group(3)
        if seconds is None:
            return int(hours) * 60 + int(minutes)
        return int(hours) * 60 + int(minutes) + int(seconds) / 60
    total = 0.0
    found = False
    for number, unit in _DURATION_PART.findall(text):
        amount = float(number.replace(",", "."))
        found = True
        if unit.startswith("h") or unit == "gio":
            total += amount * 60
        elif unit.startswith("s") or unit == "giay":
            total += amount / 60
        else:
            total += amount
    return total if found else None


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")


def _date_candidates(text: str) -> list[datetime.date]:
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return [datetime.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))]
        except ValueError:
            return []
    match = _DATE.search(text)
    if not match:
        return []
    first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    year = year + 2000 if year < 100 else year
    found = []
    for month, day in ((first, second), (second, first)):
        try:
            found.append(datetime.date(year, month, day))
        except ValueError:
            continue
    return found


def parse_time(value: str, day: datetime.date, tz: datetime.tzinfo) -> datetime.datetime | None:
    """A join or leave time in the part's local time zone.

    A date that can be read either way (05/11/2025) is taken as the part's day when one of the
    readings is; a time without a date is taken on the part's day.
    """
    text = (value or "").strip()
    time_match = _TIME.search(text)
    if not time_match:
        return None
    hour, minute = int(time_match.group(1)), int(time_match.group(2))
    second = int(time_match.group(3) or 0)
    meridiem = (time_match.group(4) or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    dates = _date_candidates(text[: time_match.start()] + " " + text[time_match.end() :])
    # An ambiguous date (05/11) is read as the part's day when either reading gives it.
    on = day if not dates or day in dates else dates[0]
    return datetime.datetime.combine(on, datetime.time(hour, minute, second), tzinfo=tz)


def _rows(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text))
    return [[clean_text(cell) for cell in row] for row in reader]


def read_report(
    data: bytes,
    *,
    day: datetime.date,
    tz: datetime.tzinfo,
    max_rows: int = 10_000,
) -> Report:
    """Rows of a participant report; ReportFormatError when no table can be recognised."""
    if not data.strip():
        raise ReportFormatError("empty")
    rows = _rows(_decode(data))
    # The table's header names an e-mail and a duration or join/leave times; a summary block
    # above it (Zoom's meeting line) names fewer columns, so the richest header wins.
    header_at = None
    headers: list[str] = []
    best = 0
    for number, row in enumerate(rows[:60]):
        folded = [fold(cell) for cell in row]
        has_times = (
            _index(folded, JOIN_HEADERS) is not None and _index(folded, LEAVE_HEADERS) is not None
        )
        has_duration = _index(folded, DURATION_HEADERS) is not None
        if _index(folded, EMAIL_HEADERS) is None or not (has_duration or has_times):
            continue
        has_name = (
            _index(folded, NAME_HEADERS) is not None
            or _index(folded, FIRST_NAME_HEADERS) is not None
        )
        score = 1 + has_duration + 2 * has_times + has_name
        if score > best:
            header_at, headers, best = number, folded, score
    if header_at is None:
        first = next((row for row in rows if any(row)), [])
        raise ReportFormatError("columns", found=", ".join(cell for cell in first if cell)[:200])
    email_at = _index(headers, EMAIL_HEADERS)
    name_at = _index(headers, NAME_HEADERS)
    first_at = _index(headers, FIRST_NAME_HEADERS)
    last_at = _index(headers, LAST_NAME_HEADERS)
    duration_at = _index(headers, DURATION_HEADERS)
    join_at = _index(headers, JOIN_HEADERS)
    leave_at = _index(headers, LEAVE_HEADERS)
    report = Report(layout=detect_layout(headers))

    def cell(row: list[str], at: int | None) -> str:
        return row[at] if at is not None and at < len(row) else ""

    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(row):
            break  # Teams: the next section starts after a blank line.
        if len(report.rows) >= max_rows:
            raise ReportFormatError("too_many_rows", limit=max_rows)
        name = cell(row, name_at) or " ".join(
            part for part in (cell(row, first_at), cell(row, last_at)) if part
        )
        interval = None
        joined = parse_time(cell(row, join_at), day, tz) if join_at is not None else None
        left = parse_time(cell(row, leave_at), day, tz) if leave_at is not None else None
        if joined and left and left >= joined:
            interval = (joined, left)
        report.rows.append(
            ReportRow(
                line=offset,
                name=name,
                email=cell(row, email_at).lower(),
                minutes=parse_minutes(cell(row, duration_at)) if duration_at is not None else None,
                interval=interval,
            )
        )
    if not report.rows:
        raise ReportFormatError("no_rows")
    return report


def minutes_in_part(rows: list[ReportRow], start: datetime.datetime, end: datetime.datetime) -> int:
    """One person's minutes in the part.

    With readable join/leave times: the union of the intervals clipped to [start, end], so a
    second device or a reconnection is not counted twice. Otherwise the sum of durations,
    capped at the part's length.
    """
    length = (end - start).total_seconds() / 60
    if rows and all(row.interval is not None for row in rows):
        clipped = sorted(
            (max(row.interval[0], start), min(row.interval[1], end))
            for row in rows
            if row.interval is not None and row.interval[1] > start and row.interval[0] < end
        )
        total = 0.0
        current_start: datetime.datetime | None = None
        current_end: datetime.datetime | None = None
        for begin, finish in clipped:
            if current_end is None or begin > current_end:
                if current_start is not None and current_end is not None:
                    total += (current_end - current_start).total_seconds()
                current_start, current_end = begin, finish
            else:
                current_end = max(current_end, finish)
        if current_start is not None and current_end is not None:
            total += (current_end - current_start).total_seconds()
        return int(total // 60)
    summed = sum(row.minutes or 0 for row in rows)
    return int(min(summed, length))
