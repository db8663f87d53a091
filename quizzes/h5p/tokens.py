"""Signed, expiring grants that let one learner's player fetch one content's files.

The player and its files are fetched from an opaque (sandboxed) origin that sends no cookies,
so the grant travels in the URL path. The signature covers the user, the content, the page,
the platform origin that may embed the player, and (through the timestamp) the expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing

SALT = "quizzes.h5p.player"


@dataclass(frozen=True)
class PlayerGrant:
    user_id: int
    content_id: int
    page_id: int
    parent_origin: str


def sign_grant(grant: PlayerGrant) -> str:
    payload = {
        "u": grant.user_id,
        "c": grant.content_id,
        "p": grant.page_id,
        "o": grant.parent_origin,
    }
    return signing.TimestampSigner(salt=SALT).sign_object(payload)


def read_grant(token: str, *, max_age: int | None = None) -> PlayerGrant:
    """The grant in `token`; raises signing.BadSignature (or SignatureExpired)."""
    return read_issued_grant(token, max_age=max_age)[0]


def read_issued_grant(token: str, *, max_age: int | None = None) -> tuple[PlayerGrant, datetime]:
    """The grant in `token` and when it was signed (issued to the learner's lesson page);
    raises signing.BadSignature (or SignatureExpired)."""
    payload = signing.TimestampSigner(salt=SALT).unsign_object(
        token, max_age=settings.H5P_URL_MAX_AGE if max_age is None else max_age
    )
    try:
        grant = PlayerGrant(
            user_id=int(payload["u"]),
            content_id=int(payload["c"]),
            page_id=int(payload["p"]),
            parent_origin=str(payload["o"]),
        )
        # The signature just checked covers this timestamp ("payload:timestamp:signature").
        issued = signing.b62_decode(token.rsplit(":", 2)[1])
    except (KeyError, TypeError, ValueError, IndexError):
        raise signing.BadSignature("malformed grant") from None
    return grant, datetime.fromtimestamp(issued, tz=UTC)
