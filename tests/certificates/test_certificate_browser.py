"""A learner downloads their certificate, follows its QR code to the public verification
page and sees it valid; an admin revokes it; the page and the credential then say so."""

from __future__ import annotations

import io
import json
import unicodedata

import jwt
import pytest
import segno
from cryptography.hazmat.primitives import serialization
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from pypdf import PdfReader

from certificates import services
from people.roles import Role
from tests.certificates.factories import attend, department, held_session, learner
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def qr_url(pdf: bytes, candidates: list[str]) -> str:
    """The URL whose QR matrix is the QR image printed in the PDF."""
    image = next(i for i in PdfReader(io.BytesIO(pdf)).pages[0].images if i.image.size[0] < 100)
    pixels = image.image.convert("L")
    width, height = pixels.size
    values = pixels.tobytes()  # one byte per pixel in mode L
    printed = [
        tuple(1 if values[y * width + x] < 128 else 0 for x in range(width)) for y in range(height)
    ]
    for url in candidates:
        if [tuple(row) for row in segno.make(url, error="m").matrix] == printed:
            return url
    raise AssertionError("the QR code encodes none of the candidate URLs")


def test_learner_downloads_verifies_and_sees_the_revocation(page, live_server, settings):
    settings.SITE_URL = live_server.url
    unit = department("Quảng Trị")
    person = learner("Nguyễn Thị Hồng Nhung", unit=unit, user__username="nhung.nguyen")
    session = held_session()
    attend(session, person, 100)
    certificate = services.issue_certificate(person, session=session, notify=False)
    make_person(Role.MINISTRY_ADMIN, user__username="quantri.bo")

    sign_in(page, "nhung.nguyen")
    page.goto("/chung-chi/")
    card = page.locator(".my-certificate", has_text=session.title)
    assert card.locator(".certificate-status").get_attribute("data-status") == "valid"
    with page.expect_download() as download_info:
        card.locator("a[href$='/tai-ve/']").click()
    with open(download_info.value.path(), "rb") as handle:
        pdf = handle.read()
    text = unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "Nguyễn Thị Hồng Nhung" in text
    assert certificate.serial in text

    url = qr_url(pdf, [certificate.snapshot["verify_url"]])
    assert url == f"{live_server.url}/verify/{certificate.code}/"
    page.context.clear_cookies()
    page.goto(url)
    status = page.locator(".certificate-status")
    assert status.get_attribute("data-status") == "valid"
    assert "hiệu lực" in status.inner_text().lower()
    assert page.locator(".holder").inner_text() == "Nguyễn Thị Hồng Nhung"

    sign_in(page, "quantri.bo")
    page.goto(f"/quan-ly/chung-chi/so/{certificate.code}/")
    page.locator(".revoke-form textarea").fill("Cấp nhầm: học viên không tham dự đủ")
    page.locator(".revoke-form button[type=submit]").click()
    page.wait_for_load_state()
    page.context.clear_cookies()

    page.goto(url)
    assert page.locator(".certificate-status").get_attribute("data-status") == "revoked"
    assert "đã thu hồi" in page.locator(".certificate-status").inner_text().lower()
    assert "Cấp nhầm: học viên không tham dự đủ" in page.locator(".revocation-reason").inner_text()

    envelope = json.loads(page.request.get(f"{url}credential.json").text())
    token = envelope["id"].removeprefix("data:application/vc+jwt,")
    jwks = page.request.get(f"{live_server.url}/.well-known/jwks.json").json()
    public = jwt.PyJWK(jwks["keys"][0]).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    verifier = OB3Verifier(public)
    verifier.verify(token)  # the signature still holds ...
    with pytest.raises(OB3VerificationError, match="revocation"):  # ... but it is revoked
        verifier.verify(token, check_status=True, download=lambda u: page.request.get(u).body())
