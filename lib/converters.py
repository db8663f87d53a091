"""Path converters: an id no table can hold, or a code with a NUL byte, is a 404, not a 500."""

from __future__ import annotations

# PostgreSQL's `integer`, the narrowest id column of the site (Wagtail's pages).
MAX_ID = 2**31 - 1


class IdConverter:
    """`<id:pk>`: a positive whole number within the range of a database id."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # the pattern does not match: Django answers 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class CodeConverter:
    """`<code:code>`: one path segment without control characters (PostgreSQL refuses NUL)."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
