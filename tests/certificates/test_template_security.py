"""Hostile certificate templates: refused at save, and harmless even when stored anyway.

Each case of the corpus reaches for a target the template must never get: a server file
(a temp "secret" next to the fonts, reached by traversal), another person's upload in media
storage (a CSV and a PNG), the network, or a worker's time and memory. Each is refused by
the template check with a Vietnamese message, and a certificate rendered from it (stored
without the check) carries no attachment, no byte of the target and no foreign image.
"""

from __future__ import annotations

import base64
import io
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject
from wagtail.images import get_image_model

from certificates import fetcher, fonts, services
from certificates.defaults import DEFAULT_FIELDS, ensure_default_template
from certificates.errors import TemplateProblem
from certificates.models import CertificateTemplate
from certificates.rendering import check_template, render_single, sample_data
from people.roles import Role
from tests.certificates.factories import course_with_rule, department, finish_course, learner
from tests.factories import make_person

SECRET_MARKER = b"SECRET_KEY=do-not-print-7f3a9c"
UPLOAD_MARKER = b"Danh sach can bo tinh khac 4b1e"
# An upload of another province as an image, recognisable by its size once embedded.
FOREIGN_SIZE = (7, 13)
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]")


@dataclass(frozen=True)
class Targets:
    secret: Path
    secret_png: Path
    upload_csv: str
    upload_png: str

    def traversal(self, path: Path) -> str:
        """`path` reached from the font directory by `../` steps, as a relative path."""
        depth = len(fonts.font_dir().resolve().parts) - 1
        return "../" * depth + str(path).lstrip("/")


@pytest.fixture
def targets(tmp_path: Path) -> Iterator[Targets]:
    secret = tmp_path / "environ"
    secret.write_bytes(SECRET_MARKER + b"\nDATABASE_URL=postgres://x\n")
    secret_png = tmp_path / "secret.png"
    _png(secret_png)
    upload_csv = default_storage.save("documents/can-bo.csv", ContentFile(UPLOAD_MARKER))
    buffer = io.BytesIO()
    Image.new("RGB", FOREIGN_SIZE, (200, 0, 0)).save(buffer, "PNG")
    upload_png = default_storage.save("original_images/ds.png", ContentFile(buffer.getvalue()))
    yield Targets(secret, secret_png, upload_csv, upload_png)


def _png(path: Path) -> None:
    Image.new("RGB", FOREIGN_SIZE, (0, 0, 200)).save(path, "PNG")


def _svg_data_uri(inner: str) -> str:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{inner}</svg>'
    return "data:image/svg+xml," + quote(svg)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Targets], dict[str, str]]
    # Whether a body stored without the check still renders (else it stops, bounded).
    renders: bool = True


def _body(html: str) -> dict[str, str]:
    return {"body_html": html + "{{ holder_name }}{{ qr }}"}


def _css(css: str) -> dict[str, str]:
    return {"css": css}


FONTS = "file://" + str(fonts.font_dir().resolve())
CASES = [
    Case(
        "attachment-encoded-traversal",
        lambda t: _body(
            f'<link rel="attachment" href="{FONTS}/'
            + t.traversal(t.secret).replace("/", "%2F")
            + '">'
        ),
    ),
    Case(
        "attachment-double-encoded",
        lambda t: _body(
            f'<link rel="attachment" href="{FONTS}/'
            + t.traversal(t.secret).replace("/", "%252F")
            + '">'
        ),
    ),
    Case(
        "attachment-anchor-data-uri",
        lambda t: _body(
            '<a rel="attachment" href="data:text/plain;base64,'
            + base64.b64encode(SECRET_MARKER).decode()
            + '">x</a>'
        ),
    ),
    Case(
        "attachment-asset-media",
        lambda t: _body(f'<link rel="attachment" href="asset:media/{t.upload_csv}">'),
    ),
    Case(
        "attachment-upper-case-rel",
        lambda t: _body(f'<a rel="nofollow ATTACHMENT" href="file://{t.secret}">x</a>'),
    ),
    Case("img-file", lambda t: _body(f'<img src="file://{t.secret_png}">')),
    Case(
        "img-encoded-scheme",
        lambda t: _body(f'<img src="%66ile://{quote(str(t.secret_png))}">'),
    ),
    Case("img-http", lambda t: _body('<img src="http://127.0.0.1:9/x.png">')),
    Case("img-https", lambda t: _body('<img src="https://example.com/x.png">')),
    Case("img-asset-media", lambda t: _body(f'<img src="asset:media/{t.upload_png}">')),
    Case(
        "img-asset-traversal",
        lambda t: _body(
            '<img src="asset:font-normal-normal%2F..%2F..%2F'
            + quote(str(t.secret_png), safe="")
            + '">'
        ),
    ),
    Case("img-asset-builtin-path", lambda t: _body('<img src="asset:builtin/../../settings.py">')),
    Case(
        "base-href-relative",
        lambda t: _body(f'<base href="file://{t.secret_png.parent}/"><img src="secret.png">'),
    ),
    Case(
        "css-url",
        lambda t: _css(f'.issuer {{ background: url("file://{t.secret_png}"); }}'),
    ),
    Case(
        "css-escaped-url",
        lambda t: _css(f".issuer {{ background: \\75rl(file://{t.secret_png}); }}"),
    ),
    Case("css-import", lambda t: _css(f'@import url("file://{t.secret}");')),
    Case("css-import-string", lambda t: _css(f'@import "file://{t.secret}";')),
    Case(
        "css-font-face-src",
        lambda t: _css(
            f'@font-face {{ font-family: x; src: url("{FONTS}/{t.traversal(t.secret)}"); }}'
            "p { font-family: x; }"
        ),
    ),
    Case(
        "css-font-face-local",
        lambda t: _css('@font-face { font-family: x; src: local("DejaVu Sans"); }'),
    ),
    Case(
        "style-attribute-url",
        lambda t: _body(f"<div style=\"background-image: url('asset:media/{t.upload_png}')\">"),
    ),
    Case(
        "style-element-import",
        lambda t: _body(f'<style>@import "file://{t.secret}";</style>'),
    ),
    Case(
        "inline-svg-image",
        lambda t: _body(f'<svg width="9" height="9"><image href="file://{t.secret_png}"/></svg>'),
    ),
    Case(
        "inline-svg-use-xlink",
        lambda t: _body(
            '<svg width="9" height="9"><use xlink:href="file://' + str(t.secret) + '#a"/></svg>'
        ),
    ),
    Case(
        "svg-data-uri-external-image",
        lambda t: _body(
            '<img src="' + _svg_data_uri(f'<image href="file://{t.secret_png}"/>') + '">'
        ),
    ),
    Case("object", lambda t: _body(f'<object data="file://{t.secret_png}"></object>')),
    Case("embed", lambda t: _body(f'<embed src="file://{t.secret_png}">')),
    Case("iframe", lambda t: _body(f'<iframe src="file://{t.secret}"></iframe>')),
    Case("link-stylesheet", lambda t: _body(f'<link rel="stylesheet" href="file://{t.secret}">')),
    Case("anchor-file-link", lambda t: _body(f'<a href="file://{t.secret}">x</a>')),
    Case(
        "templated-attachment",
        lambda t: _body(
            "<link rel=\"{{ 'attach'|add:'ment' }}\" href=\"data:text/plain,"
            + SECRET_MARKER.decode()
            + '">'
        ),
    ),
    Case("include", lambda t: _body(f'{{% include "{t.secret}" %}}'), renders=False),
    Case("extends", lambda t: _body('{% extends "base.html" %}'), renders=False),
    Case("load", lambda t: _body("{% load static %}"), renders=False),
    Case("debug", lambda t: _body("{% debug %}"), renders=False),
    Case("url-tag", lambda t: _body("{% url 'wagtailadmin_home' %}"), renders=False),
    Case("syntax-error", lambda t: _body("{% if %}"), renders=False),
    Case(
        "nested-loops",
        lambda t: _body(
            "{% for a in '0123456789' %}" * 6 + "{{ holder_name }}" + "{% endfor %}" * 6
        ),
        renders=False,
    ),
    Case(
        "silent-nested-loops",
        lambda t: _body("{% for a in '0123456789' %}" * 7 + "{% endfor %}" * 7),
        renders=False,
    ),
    Case(
        "padding-filter",
        lambda t: _body('{{ holder_name|ljust:"900000000" }}'),
        renders=False,
    ),
    Case(
        "doubling-with",
        lambda t: _body("{% with v=holder_name %}" + "{% with v=v|add:v %}" * 40 + "{{ v }}"),
        renders=False,
    ),
]


def _template(**fields: str) -> CertificateTemplate:
    return CertificateTemplate(name="độc hại", **{**DEFAULT_FIELDS, **fields})


def _streams(reader: PdfReader) -> Iterator[bytes]:
    for number, generation in (
        (number, generation) for generation, numbers in reader.xref.items() for number in numbers
    ):
        obj = IndirectObject(number, generation, reader).get_object()
        if isinstance(obj, StreamObject):
            yield obj.get_data()


def assert_clean(pdf: bytes, targets: Targets) -> None:
    """No attached file, no byte of a target, no image but the certificate's own."""
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in (reader.root_object.get("/Names") or {})
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
        for image in page.images:
            assert image.image.size != FOREIGN_SIZE
    with default_storage.open(targets.upload_csv, "rb") as handle:
        upload = handle.read()
    for data in [pdf, *_streams(reader)]:
        assert SECRET_MARKER not in data
        assert UPLOAD_MARKER not in data
        assert upload not in data


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_template_is_refused_at_save_with_a_vietnamese_message(case, targets):
    template = _template(**case.build(targets))
    started = time.monotonic()

    with pytest.raises(ValidationError) as error:
        template.clean()

    assert time.monotonic() - started < 30
    (field, messages), *_others = error.value.message_dict.items()
    assert field in {"body_html", "css"}
    assert VIETNAMESE.search(unicodedata.normalize("NFC", messages[0])), messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_template_stored_anyway_renders_nothing_it_reaches_for(case, targets):
    template = CertificateTemplate.objects.create(
        name="độc hại", **{**DEFAULT_FIELDS, **case.build(targets)}
    )
    data = sample_data(template)
    started = time.monotonic()

    if case.renders:
        assert_clean(render_single(data, template), targets)
    else:
        with pytest.raises(TemplateProblem) as problem:
            render_single(data, template)
        assert VIETNAMESE.search(problem.value.message)

    assert time.monotonic() - started < 30
    # The next certificate, from the legitimate template, is untouched by the attempt.
    assert_clean(render_single(data, ensure_default_template()), targets)


@pytest.mark.django_db
def test_an_issued_certificate_from_a_hostile_body_written_to_the_database_is_clean(targets):
    attempts = [case.build(targets) for case in CASES if case.renders]
    hostile = " ".join(fields.get("body_html", "") for fields in attempts)
    css = "\n".join(fields.get("css", "") for fields in attempts)
    template = ensure_default_template()
    CertificateTemplate.objects.filter(pk=template.pk).update(
        body_html=hostile + "<p>{{ holder_name }}</p>", css=css
    )
    person = learner("Lê Văn Thành", unit=department("Quảng Trị"))
    course, rule = course_with_rule()
    finish_course(person, course)

    certificate = services.issue_certificate(person, course=course, rule=rule, notify=False)

    with default_storage.open(certificate.pdf.name, "rb") as handle:
        pdf = handle.read()
    assert_clean(pdf, targets)
    text = unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "Lê Văn Thành" in text


def test_the_fetcher_serves_only_data_uris_and_the_templates_own_assets(targets):
    template = _template()
    url_fetcher = fetcher.TemplateFetcher(template)
    assert url_fetcher.fetch("asset:background").read()[:4] == b"\x89PNG"
    assert url_fetcher.fetch("asset:font-bold-normal").read()[:4] == b"\x00\x01\x00\x00"
    assert url_fetcher.fetch("data:text/plain,ok").read() == b"ok"
    for url in [
        f"file://{targets.secret}",
        f"FILE://{targets.secret}",
        f"{FONTS}/{targets.traversal(targets.secret)}",
        f"{FONTS}/LiberationSerif-Regular.ttf",
        f"asset:media/{targets.upload_csv}",
        "asset:signature",  # the template has no signature image
        "asset:background/../../../etc/passwd",
        "asset:background%2F..%2F..%2Fetc%2Fpasswd",
        "http://127.0.0.1:9/",
        "ftp://127.0.0.1/x",
        "%64ata:text/plain,x",
    ]:
        with pytest.raises(ValueError):
            url_fetcher.fetch(url)
    assert len(url_fetcher.refused) == 11


def test_the_demo_template_still_passes_its_check_and_renders_its_images():
    template = _template()
    check_template(template)
    pdf = render_single(sample_data(template), template)
    reader = PdfReader(io.BytesIO(pdf))
    sizes = sorted(image.image.size for image in reader.pages[0].images)
    assert len(sizes) == 2  # the built-in border and the QR code
    assert reader.attachments == {}


def _stored_image(size: tuple[int, int], colour: tuple[int, int, int]) -> Any:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="chữ ký", file=ImageFile(io.BytesIO(buffer.getvalue()), name="chu-ky.png")
    )


@pytest.mark.django_db
def test_a_template_prints_its_own_signature_and_never_another_templates():
    signature_size = (41, 17)
    signed = CertificateTemplate.objects.create(
        name="có chữ ký",
        **{**DEFAULT_FIELDS, "signature_image": _stored_image(signature_size, (0, 0, 120))},
    )
    pdf = render_single(sample_data(signed), signed)
    sizes = [image.image.size for image in PdfReader(io.BytesIO(pdf)).pages[0].images]
    assert signature_size in sizes

    unsigned = CertificateTemplate.objects.create(
        name="không chữ ký",
        **{**DEFAULT_FIELDS, "body_html": '<img src="asset:signature">{{ holder_name }}'},
    )
    pdf = render_single(sample_data(unsigned), unsigned)
    sizes = [image.image.size for image in PdfReader(io.BytesIO(pdf)).pages[0].images]
    assert signature_size not in sizes
    with pytest.raises(ValidationError):
        unsigned.clean()


ADMIN_FIELDS = [
    "issuer_name",
    "issuer_unit",
    "title",
    "place",
    "signer_authority",
    "signer_title",
    "signer_name",
    "page_size",
    "orientation",
    "body_html",
    "css",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["attachment-encoded-traversal", "nested-loops", "include"])
def test_the_admin_answers_a_hostile_template_with_a_vietnamese_form_error(client, targets, name):
    case = next(case for case in CASES if case.name == name)
    client.force_login(make_person(Role.MINISTRY_ADMIN, user__is_superuser=True))
    form = {field: DEFAULT_FIELDS.get(field, "") for field in ADMIN_FIELDS}
    form.update(name="mẫu độc hại", **case.build(targets))

    response = client.post(reverse("wagtailsnippets_certificates_certificatetemplate:add"), form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    message = unicodedata.normalize("NFC", " ".join(errors.get("body_html", [])))
    assert VIETNAMESE.search(message), message
    assert not CertificateTemplate.objects.filter(name="mẫu độc hại").exists()
