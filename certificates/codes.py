"""Verification codes and serial numbers."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from certificates.models import SerialCounter

# Crockford-like alphabet: no 0/O or 1/I/L to confuse when a code is typed from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 16 × log2(31) ≈ 79 bits
_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """A random verification code that cannot be guessed."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str | None:
    """The code in canonical form, or None when `raw` cannot be one of ours."""
    if not raw or len(raw) > 64:
        return None
    code = raw.strip().upper().replace("-", "").replace(" ", "")
    return code if _CODE_RE.match(code) else None


def format_serial(seq: int, year: int, pattern: str | None = None) -> str:
    pattern = pattern or settings.CERTIFICATE_SERIAL_PATTERN
    try:
        serial = pattern.format(seq=seq, year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"CERTIFICATE_SERIAL_PATTERN {pattern!r} is not valid: use {{seq}} and {{year}}"
        ) from exc
    if "{seq" not in pattern:
        raise ImproperlyConfigured("CERTIFICATE_SERIAL_PATTERN must contain {seq}")
    return serial


def lock_counter(year: int) -> SerialCounter:
    """Lock the year's counter row until the current transaction ends.

    Every certificate is numbered under this lock, so two workers never take the same number
    and the check "does this person already hold one" made under it cannot race.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_counter() must run inside transaction.atomic()")
    SerialCounter.objects.bulk_create([SerialCounter(year=year)], ignore_conflicts=True)
    return SerialCounter.objects.select_for_update().get(year=year)


def take_serials(counter: SerialCounter, count: int) -> list[tuple[int, str]]:
    """The next `count` (seq, serial) pairs of the locked counter's year."""
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [(seq, format_serial(seq, counter.year)) for seq in range(first, first + count)]


def expected_serial(year: int) -> str:
    """The serial the next certificate of `year` would take: a preview, not a reservation."""
    last = SerialCounter.objects.filter(year=year).values_list("last", flat=True).first() or 0
    return format_serial(last + 1, year)
