"""The Vietnamese catalogue is complete: every user-facing string in the code has a translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SKIP = [".venv", "node_modules", "tests", "staticfiles", "var", "media", "locale", ".git"]


def _missing(catalogue: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not (entry.msgstr or all(entry.msgstr_plural.values())))
    ]


def test_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(PO_PATH))
    assert len(catalogue) > 100
    assert _missing(catalogue) == []


@pytest.mark.gettext
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    # makemessages writes into every catalogue it finds beside the sources, so it runs on a
    # copy of the sources, never on the working tree.
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(*SKIP, "*.pyc", "*.mo", "*.png", "*.json", "*.h5p"),
    )
    shutil.copytree(root / "locale", copy / "locale")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--no-location",
            "-v",
            "0",
        ],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO_PATH)) if e.translated()}
    untranslated = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in committed)
    assert untranslated == [], "Run `make translations` and translate:\n" + "\n".join(untranslated)


def test_wagtail_admin_overrides_are_complete_and_keep_placeholders():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    for name in ("django.po", "djangojs.po"):
        catalogue = polib.pofile(str(PO_PATH.parents[2] / "wagtail" / "vi" / "LC_MESSAGES" / name))
        assert len(catalogue) > 50
        assert _missing(catalogue) == []
        for entry in catalogue:
            translated = entry.msgstr or entry.msgstr_plural.get(0, "")
            source = entry.msgid_plural or entry.msgid
            assert sorted(placeholder.findall(translated)) == sorted(placeholder.findall(source))


@pytest.mark.gettext
def test_catalogues_pass_gettexts_own_check():
    for po in sorted(Path(settings.BASE_DIR, "locale").glob("**/LC_MESSAGES/*.po")):
        result = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
