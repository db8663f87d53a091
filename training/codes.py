"""The two attendance secrets: the rotating check-in code and the learner card's QR value.

Rotating code: HMAC-SHA256 over "<part id>:<time step>" with a key derived from SECRET_KEY and
a dedicated salt (django.utils.crypto.salted_hmac), truncated to 6 digits as in RFC 4226. The
step is TRAINING_CHECKIN_CODE_SECONDS long; the current and the previous step are accepted.

Learner card: django.core.signing.Signer with its own salt signs "u<user id>"; the QR holds
"u<id>:<signature>", so a changed id breaks the signature and a card cannot be forged.
"""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

CODE_SALT = "training.checkin-code"
CARD_SALT = "training.learner-card"
CODE_DIGITS = 6
# How far back a code is recognised as "expired" rather than simply wrong.
EXPIRED_LOOKBACK_SECONDS = 6 * 3600


class CodeMatch(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    WRONG = "wrong"


class InvalidCard(Exception):
    """The scanned value is not a learner card signed by this platform."""


def step_seconds() -> int:
    return int(settings.TRAINING_CHECKIN_CODE_SECONDS)


def time_step(at: datetime.datetime) -> int:
    return int(at.timestamp()) // step_seconds()


def code_for(part_id: int, step: int) -> str:
    """The 6-digit code of a part during one time step."""
    digest = salted_hmac(CODE_SALT, f"{part_id}:{step}", algorithm="sha256").digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


@dataclass(frozen=True)
class ShownCode:
    code: str
    seconds_left: int
    step_seconds: int


def current_code(part_id: int, at: datetime.datetime) -> ShownCode:
    """The code to show now, and how many seconds it has left before the next one."""
    length = step_seconds()
    step = time_step(at)
    left = length - (int(at.timestamp()) % length)
    return ShownCode(code_for(part_id, step), left, length)


def normalise_code(value: str) -> str:
    """Digits only, so "123 456" and "123-456" are read as typed on a phone."""
    return "".join(ch for ch in value if ch.isdigit())


def match_code(part_id: int, code: str, at: datetime.datetime) -> CodeMatch:
    """Whether `code` is the part's current or previous code, an older one, or neither."""
    step = time_step(at)
    for candidate in (step, step - 1):
        if hmac.compare_digest(code_for(part_id, candidate), code):
            return CodeMatch.VALID
    lookback = max(EXPIRED_LOOKBACK_SECONDS // step_seconds(), 2)
    for candidate in range(step - 2, step - lookback - 1, -1):
        if hmac.compare_digest(code_for(part_id, candidate), code):
            return CodeMatch.EXPIRED
    return CodeMatch.WRONG


def _card_signer() -> signing.Signer:
    return signing.Signer(salt=CARD_SALT, algorithm="sha256")


def learner_card_value(user_id: int) -> str:
    """The signed value printed as the learner's personal QR code."""
    return _card_signer().sign(f"u{user_id}")


def read_learner_card(value: str) -> int:
    """The user id in a scanned card value; InvalidCard when it is not genuine."""
    value = (value or "").strip()
    if not value or len(value) > 200:
        raise InvalidCard
    try:
        payload = _card_signer().unsign(value)
    except signing.BadSignature as exc:
        raise InvalidCard from exc
    if not payload.startswith("u") or not payload[1:].isdigit():
        raise InvalidCard
    return int(payload[1:])
