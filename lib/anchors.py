"""Anchors for headings, so a link can point at a section of a page."""

from __future__ import annotations

from lib.text import slug_of


def heading_anchor(heading: str) -> str:
    """The id a heading gets on its page: its folded slug, never empty ("Điều 29" → "dieu-29")."""
    return slug_of(heading)[:80].strip("-") or "muc"
