"""Values read from a query string or a form, made safe before they reach a query.

Views call these instead of `int(...)` or slicing `request.GET[...]`, so that a NUL byte, a
control character or a number too large for the database never becomes a server error: the
caller gets a clean value or None. (Dates go through form fields, which answer with a form error.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lib.converters import MAX_ID
from lib.text import clean_text

# C0 and C1 control characters (NUL included) and DEL; tab and line breaks become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_param(value: str | None, max_length: int = 100) -> str:
    """Search text: control characters dropped, NFC, white space collapsed, at most max_length."""
    if not value:
        return ""
    return clean_text(_CONTROL.sub("", value))[:max_length]


def id_param(value: str | int | None) -> int | None:
    """A database id written in decimal digits, or None for anything else."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def id_list(values: Iterable[str]) -> list[int]:
    """The valid ids among `values`, in order, without repeats."""
    ids = (id_param(value) for value in values)
    return list(dict.fromkeys(number for number in ids if number is not None))
