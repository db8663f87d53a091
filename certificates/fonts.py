"""The OFL font embedded in every certificate, and the check that it covers the data.

Liberation Serif 2 (SIL Open Font License, see fonts/OFL.txt) has the metrics of Times New
Roman, the face Vietnamese administrative documents are set in, and covers every letter of
the Vietnamese alphabet with all its tone marks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont

from certificates.errors import MissingGlyph

FAMILY = "GCN Serif"
# (weight, style) → file name inside settings.CERTIFICATE_FONT_DIR.
FACES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
# Characters that are layout, not glyphs.
_IGNORED = {"\n", "\r", "\t"}


def font_dir() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


def face_paths() -> dict[tuple[str, str], Path]:
    paths = {key: font_dir() / name for key, name in FACES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise ImproperlyConfigured(f"Certificate font files are missing: {', '.join(missing)}")
    return paths


def font_face_css(url_for: Callable[[str, str], str]) -> str:
    """@font-face rules that embed the four faces under one family name.

    `url_for(weight, style)` names each face's file; the renderer passes identifiers its
    URL fetcher resolves, so no file path is written into a style sheet.
    """
    rules = []
    for weight, style in face_paths():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{url_for(weight, style)}"); }}'
        )
    return "\n".join(rules)


@cache
def _coverage(directory: str) -> frozenset[int]:
    covered: frozenset[int] | None = None
    for path in face_paths().values():
        font = TTFont(str(path), lazy=True)
        codepoints = frozenset(font.getBestCmap())
        font.close()
        covered = codepoints if covered is None else covered & codepoints
    return covered or frozenset()


def coverage() -> frozenset[int]:
    """Code points that every face of the certificate font has a glyph for."""
    return _coverage(str(font_dir()))


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` (taken as NFC) that the font cannot print."""
    covered = coverage()
    seen: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char not in _IGNORED and ord(char) not in covered and char not in seen:
            seen.append(char)
    return seen


def check_glyphs(values: Mapping[str, object], labels: Mapping[str, str] | None = None) -> None:
    """Raise MissingGlyph naming the first character of any text value the font lacks."""
    for field, value in values.items():
        if not isinstance(value, str):
            continue
        missing = missing_characters(value)
        if missing:
            char = missing[0]
            raise MissingGlyph(
                _(
                    "The character “%(char)s” (U+%(code)s, %(name)s) in %(field)s cannot be "
                    "printed: the certificate font has no glyph for it. Nothing was issued."
                )
                % {
                    "char": char,
                    "code": f"{ord(char):04X}",
                    "name": unicodedata.name(char, "?"),
                    "field": (labels or {}).get(field, field),
                },
                character=char,
                field=field,
            )


def vietnamese_letters() -> Iterable[str]:
    """Every letter of the Vietnamese alphabet with every tone mark, lower and upper case."""
    bases = "aăâeêioôơuưy"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    letters = set("bcdđghklmnpqrstvx")
    for base in bases:
        for tone in tones:
            letters.add(unicodedata.normalize("NFC", base + tone))
    return sorted(letters | {letter.upper() for letter in letters})
