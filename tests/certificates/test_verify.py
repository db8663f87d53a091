"""Public verification, the Open Badges 3.0 credential, and the learner's certificates."""

from __future__ import annotations

import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from certificates import services
from certificates.models import Certificate
from people.roles import Role
from tests.certificates.factories import course_with_rule, department, finish_course, learner
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued() -> Certificate:
    person = learner(
        "Phan Thị Thu Hà", unit=department("Hà Tĩnh"), user__email="Ha.Phan@Example.vn"
    )
    course, _rule = course_with_rule()
    finish_course(person, course)
    return services.issue_certificate(person, course=course, notify=False)


def pdf_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_verify_page_shows_a_valid_certificate(client, issued):
    response = client.get(reverse("certificates:verify", args=[issued.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="valid"' in page
    assert "Phan Thị Thu Hà" in page
    assert "Sở Khoa học và Công nghệ Hà Tĩnh" in page
    assert "Phân cấp, phân quyền trong lĩnh vực sở hữu trí tuệ" in page
    assert issued.serial in page


def test_the_code_is_read_in_lower_case_or_with_dashes(client, issued):
    messy = "-".join([issued.code[:4], issued.code[4:8], issued.code[8:]]).lower()
    assert client.get(reverse("certificates:verify", args=[messy])).status_code == 200


@pytest.mark.parametrize(
    "code", ["AAAAAAAAAAAAAAAA", "short", "x" * 60, "<script>", "0OIL0OIL0OIL0OIL"]
)
def test_unknown_or_malformed_code_is_the_sites_404_page(client, code):
    response = client.get(f"/verify/{code}/")

    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert client.get(f"/verify/{code}/credential.json").status_code == 404


def test_lookups_are_rate_limited_per_client(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE = (3, 60)
    url = reverse("certificates:verify", args=[issued.code])
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_behind_a_trusted_proxy_the_limit_keys_on_the_real_client(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE = (2, 60)
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    url = reverse("certificates:verify", args=[issued.code])
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = [
        client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy).status_code for _ in range(3)
    ]
    # A client cannot escape by writing its own X-Forwarded-For: the proxy appends the real peer.
    forged = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.9, 192.0.2.1", **proxy)
    neighbour = client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy)

    assert first == [200, 200, 429]
    assert forged.status_code == 429
    assert neighbour.status_code == 200


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE = (2, 60)
    assert settings.TRUSTED_PROXIES == []
    url = reverse("certificates:verify", args=[issued.code])
    statuses = [
        client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.redis
def test_the_lookup_count_is_shared_by_web_processes_through_redis(client, issued, settings):
    import os
    from urllib.parse import urlparse

    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    location = urlparse(os.environ["CELERY_BROKER_URL"])._replace(path="/9").geturl()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    settings.CERTIFICATE_VERIFY_RATE = (3, 60)
    cache.clear()
    url = reverse("certificates:verify", args=[issued.code])
    other_process = RedisCache(location, {})
    try:
        assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 200
        assert other_process.get("certificates:verify:192.0.2.44") == 1
        other_process.incr("certificates:verify:192.0.2.44", 2)  # two lookups served elsewhere
        assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 429
    finally:
        cache.clear()


def test_a_revoked_certificates_pdf_is_not_served_as_if_valid(client, issued):
    admin = make_person(Role.MINISTRY_ADMIN)
    services.revoke_certificate(issued, by=admin, reason="Cấp nhầm người")
    client.force_login(issued.person)

    response = client.get(reverse("certificates:download", args=[issued.code]))

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Giấy chứng nhận đã bị thu hồi" in page
    assert "Cấp nhầm người" in page
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[issued.code]) not in mine


def test_revoked_certificate_shows_the_reason(client, issued):
    admin = make_person(Role.MINISTRY_ADMIN)
    services.revoke_certificate(issued, by=admin, reason="Không đủ điều kiện tham dự")

    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()

    assert 'data-status="revoked"' in page
    assert "Không đủ điều kiện tham dự" in page


def test_superseded_certificate_links_to_the_new_one(client, issued):
    admin = make_person(Role.MINISTRY_ADMIN)
    new = services.reissue_certificate(issued, by=admin, reason="Sửa tên")

    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()

    assert 'data-status="superseded"' in page
    assert reverse("certificates:verify", args=[new.code]) in page


def test_expired_certificate_shows_as_expired(client, issued):
    Certificate.objects.filter(pk=issued.pk).update(valid_until="2020-01-01")

    page = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()

    assert 'data-status="expired"' in page


def test_uploading_the_issued_pdf_matches_and_a_changed_one_does_not(client, issued):
    url = reverse("certificates:verify_index")
    original = pdf_bytes(issued)

    match = client.post(url, {"pdf": SimpleUploadedFile("a.pdf", original, "application/pdf")})
    changed = client.post(
        url, {"pdf": SimpleUploadedFile("b.pdf", original + b"\n%", "application/pdf")}
    )

    assert 'data-match="yes"' in match.content.decode()
    assert issued.serial in match.content.decode()
    assert 'data-match="no"' in changed.content.decode()


def test_upload_on_the_certificate_page_checks_the_file(client, issued):
    url = reverse("certificates:verify", args=[issued.code])
    response = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", pdf_bytes(issued))})
    assert 'data-match="yes"' in response.content.decode()


def _jwks(client) -> dict:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return response.json()


def _public_pem(jwk: dict) -> bytes:
    key = jwt.PyJWK(jwk).key
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _token(client, certificate: Certificate) -> str:
    response = client.get(reverse("certificates:credential", args=[certificate.code]))
    assert response.status_code == 200
    envelope = response.json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    prefix = "data:application/vc+jwt,"
    assert envelope["id"].startswith(prefix)
    return envelope["id"].removeprefix(prefix)


def _fetcher(client):
    def download(url: str) -> bytes:
        path = url.removeprefix("https://taphuan.example.vn")
        response = client.get(path)
        assert response.status_code == 200, url
        return response.content

    return download


def test_credential_verifies_with_the_independent_verifier_and_published_key(client, issued):
    jwks = _jwks(client)
    token = _token(client, issued)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["kid"].endswith("#" + jwks["keys"][0]["kid"])
    assert header["kid"].startswith("https://taphuan.example.vn/.well-known/jwks.json")

    verifier = OB3Verifier(_public_pem(jwks["keys"][0]))
    credential = verifier.verify(token, check_status=True, download=_fetcher(client))

    payload = credential.raw
    assert payload is not None
    assert payload["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["jti"] == payload["id"]
    assert payload["nbf"] == int(issued.issued_at.timestamp())
    assert "sub" not in payload
    subject = payload["credentialSubject"]
    assert subject["achievement"]["name"] == issued.title
    identity = subject["identifier"][0]
    salt = identity["salt"]
    import hashlib

    expected = hashlib.sha256(("ha.phan@example.vn" + salt).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert "Ha.Phan" not in json.dumps(payload)
    assert payload["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert payload["validFrom"].endswith("Z")


def test_a_tampered_credential_fails_verification(client, issued):
    token = _token(client, issued)
    head, body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["credentialSubject"]["achievement"]["name"] = "Khóa học khác"
    forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    verifier = OB3Verifier(_public_pem(_jwks(client)["keys"][0]))

    with pytest.raises(OB3VerificationError):
        verifier.verify(f"{head}.{forged_body}.{signature}")


def test_revocation_shows_in_the_credential_status(client, issued):
    admin = make_person(Role.MINISTRY_ADMIN)
    verifier = OB3Verifier(_public_pem(_jwks(client)["keys"][0]))
    token = _token(client, issued)
    verifier.verify(token, check_status=True, download=_fetcher(client))

    services.revoke_certificate(issued, by=admin, reason="Cấp nhầm")

    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(_token(client, issued), check_status=True, download=_fetcher(client))


def test_the_raw_vc_jwt_is_served_on_request(client, issued):
    response = client.get(
        reverse("certificates:credential", args=[issued.code]), HTTP_ACCEPT="application/vc+jwt"
    )
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.count(b".") == 2


def test_learner_page_lists_their_certificates_only(client, issued):
    other = learner("Người Khác")
    client.force_login(issued.person)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert issued.serial in page
    assert reverse("certificates:download", args=[issued.code]) in page

    download = client.get(reverse("certificates:download", args=[issued.code]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes(issued)

    client.force_login(other)
    assert issued.serial not in client.get(reverse("certificates:mine")).content.decode()
    assert client.get(reverse("certificates:download", args=[issued.code])).status_code == 404


def test_api_lists_the_learners_certificates(client, issued):
    client.force_login(issued.person)
    response = client.get("/api/v1/me/certificates/")

    assert response.status_code == 200
    [row] = response.json()
    assert row["code"] == issued.code
    assert row["status"] == "valid"
    assert row["verify_url"] == f"https://taphuan.example.vn/verify/{issued.code}/"
    assert row["pdf_url"].endswith(reverse("certificates:download", args=[issued.code]))
    assert row["credential_url"].endswith("/credential.json")


def test_api_needs_a_signed_in_user(client):
    assert client.get("/api/v1/me/certificates/").status_code == 401
