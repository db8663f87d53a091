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
