"""iCalendar (RFC 5545) files for a session: one VEVENT per part, in Vietnam time."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings

from training.models import Part, Session

PRODID = "-//Bo Khoa hoc va Cong nghe//Tap huan KH&CN//VI"


def escape(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and new lines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " " + char, 1 + width, 75
        else:
            current += char
            size += width
    out.append(current)
    return "\r\n".join(out)


def _local(value: datetime.datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_calendar(
    session: Session,
    parts: Iterable[Part],
    *,
    url: str = "",
    now: datetime.datetime | None = None,
) -> str:
    """The calendar file for a registration's confirmation e-mail."""
    tzid = settings.TIME_ZONE
    zone = ZoneInfo(tzid)
    stamp = _utc(now or datetime.datetime.now(datetime.UTC))
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19750613T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:ICT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    for part in parts:
        description = [session.title]
        if part.online_url:
            description.append(part.online_url)
        if url:
            description.append(url)
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-part-{part.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={tzid}:{_local(part.starts_at, zone)}",
            f"DTEND;TZID={tzid}:{_local(part.ends_at, zone)}",
            f"SUMMARY:{escape(f'{session.title} — {part.title}')}",
        ]
        location = part.venue or part.online_url
        if location:
            lines.append(f"LOCATION:{escape(location)}")
        if part.online_url:
            lines.append(f"URL:{part.online_url}")
        lines += [f"DESCRIPTION:{escape(chr(10).join(description))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold_line(line) for line in lines) + "\r\n"
