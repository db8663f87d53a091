"""Vietnamese text at the boundary: NFC normalisation and accent folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# NFD leaves these as base letters, so they need an explicit mapping.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


def clean_text(value: str | None) -> str:
    """Return `value` in NFC with surrounding and repeated inner white space collapsed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Return a lower-case, accent-free form so that "phan cap" matches "Phân cấp"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


_NOT_SLUG = re.compile(r"[^\w\s-]", re.ASCII)
_SLUG_GAPS = re.compile(r"[-\s]+")


def slug_of(value: str | None) -> str:
    """An ASCII slug that keeps every Vietnamese letter: "Đơn sở hữu" → "don-so-huu"."""
    folded = _NOT_SLUG.sub("", fold(value))
    return _SLUG_GAPS.sub("-", folded).strip("-_")


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


def is_lossy_slug(slug: str, title: str) -> bool:
    """Whether `slug` is `title` with accented letters dropped rather than folded.

    That is what a slugifier unaware of Vietnamese makes ("thc-hanh-djn" for "Thực hành đơn",
    Wagtail writing đ as "dj"): the title's words in order, some of them missing letters, where
    a word of one or two letters ("ở") may vanish. A slug that only leaves out short words was
    chosen, not mangled. Empty slugs count as lossy.
    """
    good = slug_of(title)
    if not slug:
        return bool(good)
    if slug == good or not good:
        return False
    words = iter(good.split("-"))
    shortened = False
    for kept in slug.replace("dj", "d").split("-"):
        for word in words:
            if kept and _is_subsequence(kept, word):
                shortened = shortened or kept != word
                break
            if len(word) > 2:
                return False
        else:
            return False
    return shortened and all(len(word) <= 2 for word in words)
