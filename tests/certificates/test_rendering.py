"""The embedded font, the glyph check, templates and their preview, the split PDFs."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from certificates import fetcher, fonts
from certificates.defaults import DEFAULT_FIELDS, ensure_default_template
from certificates.errors import MissingGlyph, TemplateProblem
from certificates.management.commands.bench_certificates import sample_items
from certificates.models import CertificateTemplate
from certificates.rendering import check_template, render_pdfs, render_single, sample_data
from people.roles import Role
from tests.factories import make_person


def test_every_face_of_the_shipped_font_covers_every_vietnamese_letter():
    letters = list(fonts.vietnamese_letters())
    assert len(letters) == 178  # 89 letters with tones, upper and lower case
    for path in fonts.face_paths().values():
        cmap = TTFont(str(path)).getBestCmap()
        missing = [letter for letter in letters if ord(letter) not in cmap]
        assert missing == [], path.name
    licence = (fonts.font_dir() / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_missing_glyph_names_the_character_and_the_field():
    with pytest.raises(MissingGlyph) as error:
        fonts.check_glyphs({"holder_name": "Nguyễn 中"}, {"holder_name": "the holder's name"})
    assert error.value.character == "中"
    assert "中" in error.value.message
    assert "4E2D" in error.value.message
    assert "the holder's name" in error.value.message
    fonts.check_glyphs({"holder_name": unicodedata.normalize("NFD", "Đặng Thị Hường")})


def _template(**overrides) -> CertificateTemplate:
    return CertificateTemplate(name="thử", **{**DEFAULT_FIELDS, **overrides})


def test_batch_pdfs_each_hold_one_certificate_and_only_its_own_resources():
    template = _template()
    items = sample_items(5, template)

    pdfs = render_pdfs(items, template)

    assert len(pdfs) == 5
    for index, pdf in enumerate(pdfs):
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
        assert items[index]["holder_name"] in text
        for other in items:
            if other is not items[index]:
                assert other["serial"] not in text
        # One QR image and the page background: no other certificate's images travel along.
        images = reader.pages[0].images
        assert len(images) <= 3
    single = render_single(items[0], template)
    assert unicodedata.normalize(
        "NFC", PdfReader(io.BytesIO(single)).pages[0].extract_text()
    ) == unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdfs[0])).pages[0].extract_text())


def test_the_qr_code_in_the_pdf_encodes_the_verify_url():
    import segno

    template = _template()
    data = sample_items(1, template)[0]
    pdf = render_single(data, template)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    qr = next(image for image in page.images if image.image.size[0] < 100)
    matrix = segno.make(data["verify_url"], error="m").matrix
    pixels = qr.image.convert("L")
    width, height = pixels.size
    assert (width, height) == (len(matrix), len(matrix))
    values = pixels.tobytes()  # one byte per pixel in mode L
    decoded = [
        [1 if values[y * width + x] < 128 else 0 for x in range(width)] for y in range(height)
    ]
    assert decoded == [list(row) for row in matrix]


def test_a_template_that_overflows_the_page_is_refused():
    template = _template(
        body_html="{% for i in '" + "x" * 80 + "' %}<p>{{ holder_name }}</p>{% endfor %}"
    )
    with pytest.raises(TemplateProblem):
        check_template(template)


def test_template_errors_are_reported_on_the_field():
    template = _template(body_html="{% if %}")
    with pytest.raises(ValidationError) as error:
        template.clean()
    assert "body_html" in error.value.message_dict
    bad_glyph = _template(signer_name="Trần ☃")
    with pytest.raises(ValidationError) as error:
        bad_glyph.clean()
    assert "signer_name" in error.value.message_dict


def test_a_template_cannot_fetch_urls_or_read_server_files():
    template = _template(
        body_html='<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        "{{ holder_name }}"
    )
    pdf = render_single(sample_data(template), template)
    # Only the page background (this body has no QR code): both refused URLs were left out.
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    with pytest.raises(ValueError):
        fetcher.TemplateFetcher(template).fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.TemplateFetcher(template).fetch("http://example.com/x.png")


@pytest.mark.django_db
def test_default_template_is_seeded_and_previewed_in_the_admin(client):
    template = ensure_default_template()
    assert template.is_default
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1
    client.force_login(make_person(Role.MINISTRY_ADMIN, user__is_superuser=True))

    edit = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])
    )
    assert edit.status_code == 200
    preview_url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
    )
    assert preview_url in edit.content.decode()
    form = {
        field: getattr(template, field)
        for field in [
            "name",
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
    }
    form.update(is_default="on", signer_name="Lê Thị Mẫu")
    stored = client.post(preview_url, form)
    assert stored.json()["is_valid"] is True
    response = client.get(preview_url, {"mode": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = unicodedata.normalize(
        "NFC", PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    )
    assert "Nguyễn Thị Hồng Nhung" in text
    assert "Lê Thị Mẫu" in text  # the unsaved edit, not the stored template

    html = template.serve_preview(None, "html")  # type: ignore[arg-type]
    assert "Nguyễn Thị Hồng Nhung" in html.content.decode()
    assert "asset:" not in html.content.decode()
