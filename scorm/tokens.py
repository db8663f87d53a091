"""Signed, expiring launch grants: the content origin sends no cookie, so the grant that names
the learner, the activity page, the SCO, the attempt and the platform origin that may frame the
launcher travels in the URL path."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "scorm.launch"


@dataclass(frozen=True)
class LaunchGrant:
    user_id: int
    page_id: int
    package_id: int
    sco_id: int
    attempt_id: int
    parent_origin: str


def sign_grant(grant: LaunchGrant) -> str:
    payload = {
        "u": grant.user_id,
        "p": grant.page_id,
        "k": grant.package_id,
        "s": grant.sco_id,
        "a": grant.attempt_id,
        "o": grant.parent_origin,
    }
    return signing.TimestampSigner(salt=SALT).sign_object(payload)


def read_grant(token: str, *, max_age: int | None = None) -> LaunchGrant:
    """The grant in `token`; raises signing.BadSignature (or SignatureExpired)."""
    payload = signing.TimestampSigner(salt=SALT).unsign_object(
        token, max_age=settings.SCORM_URL_MAX_AGE if max_age is None else max_age
    )
    try:
        return LaunchGrant(
            user_id=int(payload["u"]),
            page_id=int(payload["p"]),
            package_id=int(payload["k"]),
            sco_id=int(payload["s"]),
            attempt_id=int(payload["a"]),
            parent_origin=str(payload["o"]),
        )
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("malformed grant") from None
