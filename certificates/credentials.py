"""Open Badges 3.0: the OpenBadgeCredential of a certificate, signed as a VC-JWT (EdDSA).

The credential is built only from the certificate's frozen data, so it says the same thing
for the life of the certificate. Revocation is published in a W3C Bitstring Status List
(each certificate's index is its id), itself a VC-JWT signed with the same key.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
import logging
import os
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, CertificateStatus

logger = logging.getLogger(__name__)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "EdDSA"
# The smallest list Bitstring Status List v1.0 allows (16 KiB), so an index reveals little.
MIN_STATUS_BITS = 131_072
STATUS_LIST_LIFETIME = datetime.timedelta(days=1)


# ---------------------------------------------------------------------------------------
# The signing key.


def _generate_key(path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process generated it first
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    logger.warning("Generated a development signing key for certificates at %s", path)


@lru_cache(maxsize=4)
def _load_key(pem: str, path: str, autogenerate: bool) -> Ed25519PrivateKey:
    if pem:
        data = pem.encode()
    else:
        key_path = Path(path)
        if not key_path.exists():
            if not autogenerate:
                raise ImproperlyConfigured(
                    "No certificate signing key: set CERTIFICATE_SIGNING_KEY_PEM or "
                    f"create {key_path}"
                )
            _generate_key(key_path)
        data = key_path.read_bytes()
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The certificate signing key must be an Ed25519 key")
    return key


def signing_key() -> Ed25519PrivateKey:
    return _load_key(
        settings.CERTIFICATE_SIGNING_KEY_PEM,
        str(settings.CERTIFICATE_SIGNING_KEY_PATH),
        settings.CERTIFICATE_SIGNING_KEY_AUTOGENERATE,
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict[str, str]:
    """The public key as a JWK, with its RFC 7638 thumbprint as `kid`."""
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    essential = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    canonical = json.dumps(essential, separators=(",", ":"), sort_keys=True).encode()
    thumbprint = _b64url(hashlib.sha256(canonical).digest())
    return {**essential, "kid": thumbprint, "alg": ALGORITHM, "use": "sig"}


def jwks() -> dict[str, list[dict[str, str]]]:
    return {"keys": [public_jwk()]}


# ---------------------------------------------------------------------------------------
# Documents.


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def jwks_url() -> str:
    return absolute(reverse("certificates:jwks"))


def key_id() -> str:
    """A URI that dereferences to the public JWK (the JWKS, fragment = thumbprint)."""
    return f"{jwks_url()}#{public_jwk()['kid']}"


def issuer_profile() -> dict[str, Any]:
    issuer = settings.CERTIFICATE_ISSUER
    profile: dict[str, Any] = {
        "id": absolute(reverse("certificates:issuer")),
        "type": ["Profile"],
        "name": issuer["name"],
    }
    if issuer.get("url"):
        profile["url"] = issuer["url"]
    if issuer.get("email"):
        profile["email"] = issuer["email"]
    return profile


def status_list_url() -> str:
    return absolute(reverse("certificates:status_list"))


def credential_url(code: str) -> str:
    return absolute(reverse("certificates:credential", args=[code]))


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _day_start(iso_date: str) -> str:
    day = datetime.date.fromisoformat(iso_date)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return _utc(start)


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def achievement_id(data: dict[str, Any]) -> str:
    name = f"{settings.SITE_URL}/achievements/{data['achievement_type']}/{data['achievement_id']}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def credential(certificate: Certificate) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential (VC data model 2.0) of the certificate."""
    data = certificate.snapshot
    identity = data["identity"]
    kind = "khóa học" if data["achievement_type"] == "course" else "hội nghị/lớp tập huấn"
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity["hash"],
                "identityType": identity["type"],
                "hashed": True,
                "salt": identity["salt"],
            }
        ],
        "achievement": {
            "id": achievement_id(data),
            "type": ["Achievement"],
            "achievementType": "CertificateOfCompletion",
            "name": data["achievement_title"],
            "description": f"{data['title'].capitalize()} hoàn thành {data['achievement_kind']}"
            f" “{data['achievement_title']}”.",
            "criteria": {
                "narrative": f"Hoàn thành {kind} theo điều kiện cấp giấy chứng nhận của "
                f"{data['issuer_name']}."
            },
            "inLanguage": "vi",
        },
    }
    if data.get("start_date"):
        subject["activityStartDate"] = _day_start(data["start_date"])
    if data.get("end_date"):
        subject["activityEndDate"] = _day_start(data["end_date"])
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "validFrom": _utc(certificate.issued_at),
        "name": f"{data['title'].capitalize()}: {data['achievement_title']}",
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url()}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_list_url(),
        },
    }
    if certificate.valid_until:
        document["validUntil"] = _utc(_day_end(certificate.valid_until))
    return document


def _sign(payload: dict[str, Any]) -> str:
    return jwt.encode(
        payload, signing_key(), algorithm=ALGORITHM, headers={"kid": key_id(), "typ": "JWT"}
    )


def signed_credential(certificate: Certificate) -> str:
    """The credential as an OB 3.0 VC-JWT: the payload is the credential itself plus the
    registered claims iss, jti and nbf (and exp when it expires; no sub: the subject is
    identified by a hashed identifier, not an id)."""
    document = credential(certificate)
    payload = dict(document)
    payload["iss"] = document["issuer"]["id"]
    payload["jti"] = document["id"]
    payload["nbf"] = int(certificate.issued_at.timestamp())
    if certificate.valid_until:
        payload["exp"] = int(_day_end(certificate.valid_until).timestamp())
    return _sign(payload)


def enveloped(token: str) -> dict[str, Any]:
    """A VC-JWT carried in JSON, as VC data model 2.0 §4.13 (EnvelopedVerifiableCredential)."""
    return {
        "@context": [VC_CONTEXT],
        "id": f"data:application/vc+jwt,{token}",
        "type": "EnvelopedVerifiableCredential",
    }


def revoked_indices() -> list[int]:
    """Status list indices set for revocation: revoked and superseded certificates."""
    return list(
        Certificate.objects.filter(
            status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED]
        ).values_list("pk", flat=True)
    )


def encoded_list(indices: list[int], size: int) -> str:
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def signed_status_list(now: datetime.datetime | None = None) -> str:
    """The revocation BitstringStatusListCredential as a VC-JWT, valid for a day."""
    now = now or timezone.now()
    highest = Certificate.objects.aggregate(top=Max("pk"))["top"] or 0
    size = max(MIN_STATUS_BITS, (highest // 8 + 1) * 8)
    url = status_list_url()
    issuer = issuer_profile()
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": _utc(now),
        "validUntil": _utc(now + STATUS_LIST_LIFETIME),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indices(), size),
        },
    }
    payload = dict(document)
    payload.update(
        iss=issuer["id"],
        jti=url,
        nbf=int(now.timestamp()),
        exp=int((now + STATUS_LIST_LIFETIME).timestamp()),
    )
    return _sign(payload)
