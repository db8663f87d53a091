"""Production settings refuse unsafe configurations; the environment switches backends."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
# 50 characters, as `python -c "import secrets; print(secrets.token_urlsafe(38))"` prints.
GOOD_KEY = "q3Vb8-Zx1LmN0pRt7YwE2sKd9HfJ4uGc6AoI5eTnBvXlMzWyQr"


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import {module} as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_debug():
    result = load_settings("config.settings.production", DEBUG="true", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_the_default_secret_key():
    result = load_settings("config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key", [GOOD_KEY[:49], "k" * 50, "abcd" * 13, "django-insecure-" + GOOD_KEY]
)
def test_production_refuses_a_short_or_guessable_secret_key(key):
    result = load_settings("config.settings.production", SECRET_KEY=key)
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_sends_hsts_for_a_year_with_subdomains():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings.production as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)",
        ],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": GOOD_KEY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["31536000", "True"], result.stderr


def test_production_starts_with_a_real_key():
    result = load_settings("config.settings.production", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql():
    result = load_settings(
        "config.settings.dev", DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_embedded_default_is_vietnamese_and_eager():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
