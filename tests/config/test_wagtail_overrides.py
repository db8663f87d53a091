"""Our copies of Wagtail's admin templates differ from Wagtail's only where they say they do.

Each copy in site/templates translates a string Wagtail hard-codes in English. On a Wagtail
upgrade this fails for any copy whose original changed, so the copy is refreshed, not left stale.
"""

from pathlib import Path

import pytest
import wagtail
from django.conf import settings

WAGTAIL_ADMIN = Path(wagtail.__file__).parent / "admin" / "templates"
OURS = Path(settings.BASE_DIR) / "site" / "templates"
SEARCH_BUTTON = '<input type="submit" value="{% trans "Search" %}" class="button" />'

# Each copy, and how to turn it back into Wagtail's text.
COPIES = {
    "wagtailadmin/home.html": [
        (SEARCH_BUTTON, SEARCH_BUTTON.replace('{% trans "Search" %}', "Search"))
    ],
    "wagtailadmin/shared/header.html": [
        (SEARCH_BUTTON, SEARCH_BUTTON.replace('{% trans "Search" %}', "Search"))
    ],
}


def _without_our_comment(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("{% comment %}Wagtail 8.0.1"))


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_differs_from_wagtails_only_by_the_translation(name):
    ours = _without_our_comment((OURS / name).read_text())
    for translated, original in COPIES[name]:
        assert translated in ours
        ours = ours.replace(translated, original)
    assert ours == (WAGTAIL_ADMIN / name).read_text()
