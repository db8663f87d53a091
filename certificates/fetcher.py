"""What WeasyPrint may load while it renders a certificate: an allow-list.

A template names its images and fonts by identifier (`asset:background`, `asset:seal`,
`asset:font-bold-normal`…), and the server resolves each identifier from the template's own
fields: never from a path or a URL written in the template. Besides those, only `data:`
URIs (which carry their bytes inline) are served. Everything else (`file:`, `http(s):`,
`asset:` with anything but a known identifier, in any encoding) is refused.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates import fonts
from certificates.models import CertificateTemplate

logger = logging.getLogger(__name__)

ASSET_DIR = Path(__file__).resolve().parent / "assets"
SCHEME = "asset:"
IMAGE_NAMES = ("background", "signature", "seal")
# Characters that browsers and URL parsers drop or ignore around and inside a scheme.
_IGNORED = "".join(chr(code) for code in range(0x21)) + "\x7f"
_MAX_DECODING_ROUNDS = 8


class RefusedURL(ValueError):
    """A URL outside the allow-list of a certificate."""

    def __init__(self, url: str) -> None:
        super().__init__(f"not allowed in a certificate: {url[:120]}")
        self.url = url


def decoded(url: str) -> str:
    """`url` with every layer of %-encoding undone and ignorable characters removed.

    Raises RefusedURL when it is still changing after a few rounds (deliberately nested
    encodings have no use in a certificate).
    """
    current = url
    for _round in range(_MAX_DECODING_ROUNDS):
        following = unquote(current)
        if following == current:
            return current.translate({ord(char): None for char in _IGNORED})
        current = following
    raise RefusedURL(url)


def font_name(weight: str, style: str) -> str:
    return f"font-{weight}-{style}"


def asset_url(name: str) -> str:
    return f"{SCHEME}{name}"


def font_url(weight: str, style: str) -> str:
    return asset_url(font_name(weight, style))


def _image(template: CertificateTemplate, name: str) -> Any:
    image = getattr(template, f"{name}_image", None)
    return image if image is not None and image.file else None


def has_image(template: CertificateTemplate, name: str) -> bool:
    return _image(template, name) is not None


def builtin_border(template: CertificateTemplate) -> Path:
    return ASSET_DIR / f"border-{template.orientation}.png"


@lru_cache(maxsize=32)
def _stored_bytes(storage_name: str) -> bytes:
    with default_storage.open(storage_name, "rb") as handle:
        data: bytes = handle.read()
    return data


@lru_cache(maxsize=16)
def _file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def clear_cache() -> None:
    _stored_bytes.cache_clear()
    _file_bytes.cache_clear()


def asset_sources(template: CertificateTemplate) -> dict[str, Callable[[], tuple[bytes, str]]]:
    """Every identifier the template may load, with how the server reads its bytes."""

    def stored(storage_name: str) -> Callable[[], tuple[bytes, str]]:
        mime = mimetypes.guess_type(storage_name)[0] or "application/octet-stream"
        return lambda: (_stored_bytes(storage_name), mime)

    def shipped(path: Path, mime: str) -> Callable[[], tuple[bytes, str]]:
        return lambda: (_file_bytes(path), mime)

    sources: dict[str, Callable[[], tuple[bytes, str]]] = {}
    for name in IMAGE_NAMES:
        image = _image(template, name)
        if image is not None:
            sources[name] = stored(image.file.name)
    if "background" not in sources:
        sources["background"] = shipped(builtin_border(template), "image/png")
    for (weight, style), path in fonts.face_paths().items():
        sources[font_name(weight, style)] = shipped(path, "font/ttf")
    return sources


def load_asset(template: CertificateTemplate, url: str) -> tuple[bytes, str]:
    """The bytes and type of an allowed `asset:` URL; RefusedURL for anything else."""
    plain = decoded(url)
    if not plain.lower().startswith(SCHEME):
        raise RefusedURL(url)
    source = asset_sources(template).get(plain[len(SCHEME) :])
    if source is None:
        raise RefusedURL(url)
    return source()


def is_data_uri(url: str) -> bool:
    """Whether `url` is a `data:` URI, as written and once decoded."""
    return url.lstrip(_IGNORED).lower().startswith("data:") and decoded(
        url[:64]
    ).lower().startswith("data:")


def is_allowed(template: CertificateTemplate, url: str) -> bool:
    """Whether the fetcher would serve `url` for this template."""
    try:
        if is_data_uri(url):
            return True
        plain = decoded(url)
    except RefusedURL:
        return False
    return plain.lower().startswith(SCHEME) and plain[len(SCHEME) :] in asset_sources(template)


class TemplateFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for one template: `data:` URIs and the template's assets.

    `strict` makes a refusal stop the render (template checks report it to the editor);
    otherwise the resource is left out and the certificate is made without it.
    """

    def __init__(self, template: CertificateTemplate, *, strict: bool = False) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self._fail_on_errors = strict
        self.template = template
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            if is_data_uri(url):
                return super().fetch(url, headers)
            data, mime = load_asset(self.template, url)
        except RefusedURL:
            self.refused.append(url)
            logger.warning("certificate template %s: refused %.120s", self.template.pk, url)
            raise
        return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})
