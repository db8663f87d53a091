"""How Vietnamese is read for ranking: folded syllables and syllable pairs, and sentences.

Folding (lib.text.fold) makes "phân cấp" and "phan cap" the same; pairs keep some word order,
which matters in a language whose words are built from syllables ("sở hữu" is not "hữu sở").
"""

from __future__ import annotations

import re
from itertools import pairwise

from lib.text import fold

_SYLLABLE = re.compile(r"[a-z0-9]+")
# A sentence ends at . ! ? ; or a line break, when white space follows; "01/7/2025" and
# "KH&CN." inside numbers and abbreviations stay whole because no space follows the dot.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def syllables(text: str) -> list[str]:
    """Folded syllables of `text` in order."""
    return _SYLLABLE.findall(fold(text))


def tokens(text: str) -> list[str]:
    """Folded syllables followed by each adjacent pair joined with "_"."""
    words = syllables(text)
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


def sentences(text: str) -> list[str]:
    """`text` cut into sentences, empty pieces dropped."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]
