"""Shared fixtures, and the gate for tests that need PostgreSQL, Redis or Chromium.

On a newcomer's machine such tests are skipped and the run ends by saying which groups were
left out and why. CI sets TEST_REQUIRE (e.g. "postgres redis browser") so that a missing
service fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from certificates.pki import DEV_PASSPHRASE, DevPki, make_dev_pki

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRED = set(os.environ.get("TEST_REQUIRE", "").replace(",", " ").split())
_left_out: dict[str, str] = {}


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


def softhsm_module() -> str | None:
    """Where Debian's softhsm2 put its PKCS#11 module, if it is installed."""
    return next((path for path in SOFTHSM_MODULES if os.path.exists(path)), None)


@cache
def _missing(group: str) -> str | None:
    """Why `group` cannot run here, or None when it can."""
    if group == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "DATABASE_URL does not point to PostgreSQL"
        return None
    if group == "redis":
        broker = os.environ.get("CELERY_BROKER_URL", "")
        if not broker.startswith("redis://"):
            return "CELERY_BROKER_URL is not a redis:// URL"
        if not _reachable(broker, 6379):
            return f"Redis at {broker} does not answer"
        return None
    if group == "browser":
        if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
            return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "the playwright package is not installed"
        return None
    if group == "pdfsig":
        missing = [tool for tool in ("pdfsig", "certutil") if not shutil.which(tool)]
        if missing:
            return (
                f"{', '.join(missing)} not installed (apt-get install poppler-utils libnss3-tools)"
            )
        return None
    if group == "softhsm":
        if not shutil.which("softhsm2-util") or not softhsm_module():
            return "SoftHSM 2 is not installed (apt-get install softhsm2)"
        return None
    if group == "gettext":
        if not shutil.which("xgettext"):
            return "GNU gettext (xgettext) is not installed (apt-get install gettext)"
        return None
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unavailable_required = []
    for item in items:
        for group in ("postgres", "redis", "browser", "gettext", "pdfsig", "softhsm"):
            if group not in item.keywords:
                continue
            reason = _missing(group)
            if reason is None:
                continue
            if group in REQUIRED:
                unavailable_required.append(f"{group}: {reason}")
            _left_out[group] = reason
            item.add_marker(pytest.mark.skip(reason=f"[{group}] {reason}"))
    if unavailable_required:
        raise pytest.UsageError(
            "TEST_REQUIRE names test groups that cannot run here: "
            + "; ".join(sorted(set(unavailable_required)))
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _left_out:
        terminalreporter.write_line(
            "All test groups ran (PostgreSQL, Redis and browser where marked)."
        )
        return
    terminalreporter.section("test groups left out")
    for group, reason in sorted(_left_out.items()):
        terminalreporter.write_line(f"{group}: {reason}")


def pdf_signing_settings(pki: DevPki, **overrides: object) -> dict[str, object]:
    """Signing settings that sign with `pki`'s signer and trust its root."""
    return {
        **settings.CERTIFICATE_PDF_SIGNING,
        "ENABLED": True,
        "PKCS12_PATH": str(pki.pkcs12),
        "PKCS12_PASSPHRASE": DEV_PASSPHRASE,
        "PKCS11_MODULE": "",
        "TRUST_ROOTS": [str(pki.root)],
        "CRL_PATHS": [str(pki.crl)],
        "CHAIN_PATHS": [],
        "TSA_URL": "",
        **overrides,
    }


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """The tests' own CA (root, issuing CA, signer, TSA, CRL), made once per run.

    Celery workers started by tests read the same signer from the environment.
    """
    pki, _ = make_dev_pki(tmp_path_factory.mktemp("pki"))
    os.environ["PDF_SIGNING_ENABLED"] = "true"
    os.environ["PDF_SIGNING_PKCS12_PATH"] = str(pki.pkcs12)
    os.environ["PDF_SIGNING_PKCS12_PASSPHRASE"] = DEV_PASSPHRASE
    os.environ["PDF_SIGNING_TRUST_ROOTS"] = str(pki.root)
    os.environ["PDF_SIGNING_CRL_PATHS"] = str(pki.crl)
    return pki


@pytest.fixture(autouse=True)
def _pdf_signing(dev_pki: DevPki, settings) -> None:  # type: ignore[no-untyped-def]
    """Every certificate issued in tests is signed, as in production."""
    settings.CERTIFICATE_PDF_SIGNING = pdf_signing_settings(dev_pki)


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    # Indexing anywhere (a published answer, a changed task) saves the assistant's ranking.
    settings.ASSISTANT_INDEX_DIR = str(tmp_path_factory.mktemp("assistant-index"))
    yield


# --- Playwright driving Debian's Chromium against Django's live server (browser-marked tests) ---
# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (setting up data, checking results) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):  # type: ignore[no-untyped-def]
    """A phone-sized page; a screenshot is kept under test-artifacts/ for each test."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="en-US",  # the platform must still answer in Vietnamese
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
