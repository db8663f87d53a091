"""What a person reads on a screen, and the English words that must not be among it.

Used by the walk over the admin screens (test_admin_vietnamese.py): text nodes, the attributes
that are read aloud or shown on hover, and option labels; never scripts or styles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings

SHOWN_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "alt",
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
}
# A textarea holds what someone typed (a certificate template's HTML), not the interface.
HIDDEN_ELEMENTS = {"script", "style", "noscript", "svg", "textarea"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
}

# English words that a Vietnamese screen never needs. Words that are also unaccented
# Vietnamese syllables ("can", "do", "no", "so", "to", "in", "an", "tin", "ban") are left out.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
user users course courses progress percent enrolled completed certified minute minutes hour
hours day days week weeks month months year years ago true false log entries entry add edit
delete search save cancel status live draft title date actions choose select filter filters
sort yes page pages create created update updated view preview publish published unpublish
submit submitted moderation workflow workflows task tasks history revision revisions settings
account password login logout help required optional description summary lesson lessons module
modules session sessions certificate certificates template templates rule rules province
provinces unit units staff report reports export download upload import results result score
passed attempt attempts question questions answer answers quiz quizzes category categories
image images document documents collection collections snippet snippets tag tags owner locked
unlocked locale language explorer dashboard more less next previous first last back close open
show hide all none any other new old the and of for with by from this that these there here
your you is are was were has have been not or will would should must never always before after
between within without successfully error errors warning invalid please click sorry item items
type kind level name names field fields value values number total count list group groups
permission permissions role roles assigned approve approved reject rejected pending comment
comments reply copy move alias private public privacy scheduled expired expire expires live
since until unknown edited editing created_at updated_at sites site redirect redirects
workflow_history usage used upcoming held finished open closed capacity deadline registration
registrations attendance venue online hybrid mode organiser invited mark marks
""",
    )
)

# The language switcher names each language in that language.
ALLOWED_TEXTS = {"English"}
# Names, brands and technical tokens a Vietnamese screen legitimately shows.
ALLOWED_TOKENS = {"H5P", "PDF", "XLSX", "CSV", "URL", "ID", "QR", "API", "Email", "email", "xAPI"}

_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")(?!\w)", re.I
)
# E-mail addresses, URLs and paths; "app_label.model" content type names; and the variable
# names a certificate template may use, which its help text lists after "Các biến:".
_TECHNICAL = re.compile(r"\S+@\S+|https?://\S+|/[\w/.-]+|\b[a-z0-9_]+\.[a-z0-9_]+\b|Các biến:.*")


# Keys under which JSON data for the admin's scripts (the sidebar menu, StreamField blocks)
# carries text the scripts show.
SHOWN_JSON_KEYS = {"label", "title", "helpText", "help_text", "placeholder", "description"}


def _json_texts(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SHOWN_JSON_KEYS and isinstance(item, str) and item.strip():
                yield " ".join(item.split())
            else:
                yield from _json_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item)


class _ScreenText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0
        self._json = False
        # The element carrying `hidden` (a counter the script fills in) and how deep inside it.
        self._hidden_tag: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._json = tag == "script" and values.get("type") == "application/json"
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        if self._hidden_tag and self._hidden_tag[0] == tag:
            self._hidden_tag = (tag, self._hidden_tag[1] + 1)
        elif self._hidden_tag is None and "hidden" in values and tag not in VOID_ELEMENTS:
            self._hidden_tag = (tag, 1)
            self._hidden += 1
        if self._hidden:
            return
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.texts.append(str(values[name]))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1
        if self._hidden_tag and self._hidden_tag[0] == tag:
            depth = self._hidden_tag[1] - 1
            self._hidden_tag = (tag, depth) if depth else None
            if not depth:
                self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._json:
            self.texts += _json_texts(json.loads(data))
            self._json = False
        elif not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def screen_texts(html: str) -> list[str]:
    """Every piece of text the page shows or reads aloud, white space collapsed."""
    parser = _ScreenText()
    parser.feed(html)
    return parser.texts


def english_words(text: str) -> list[str]:
    """The words of ENGLISH_WORDS found in `text`, leaving e-mail addresses and paths aside."""
    text = _TECHNICAL.sub(" ", text)
    return [word for word in _WORDS.findall(text) if word not in ALLOWED_TOKENS]


@cache
def translated_msgids() -> frozenset[str]:
    """English source strings that have a different Vietnamese translation somewhere in the
    catalogues in use (ours, our Wagtail overrides, Wagtail's and Django's own)."""
    import django
    import wagtail

    catalogues = [
        Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po",
        Path(settings.BASE_DIR) / "locale" / "wagtail" / "vi" / "LC_MESSAGES" / "django.po",
        *Path(wagtail.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po"),
        *Path(django.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po"),
    ]
    msgids: set[str] = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            source = " ".join(entry.msgid.split())
            if entry.msgstr and entry.msgstr != entry.msgid and len(source) > 3:
                msgids.add(source)
    return frozenset(msgids)
