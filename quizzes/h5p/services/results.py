"""Recording xAPI statements and resume state from the player, and deriving results."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import LessonCompletion
from courses.services import complete_lesson
from people.models import User
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PResult, H5PUserData, XAPIStatement
from quizzes.h5p.tokens import read_issued_grant

VERB_PREFIX = "http://adlnet.gov/expapi/verbs/"
CONTENT_ID_EXTENSION = "http://h5p.org/x-api/h5p-local-content-id"
SCORED_VERBS = {"answered", "completed", "passed", "failed"}
# The domain of the pseudonymous mailbox that identifies a learner to package code.
ACTOR_DOMAIN = "hocvien.taphuan.invalid"
MAX_STATEMENT_BYTES = 64 * 1024
MAX_STATE_BYTES = 256 * 1024
# A player sends a handful of statements per interaction; a batch is a few interactions at most.
MAX_BATCH = 50
DATA_TYPE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
SUB_CONTENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
# Durations are measured by the browser, the time since issue by the server (whose issue time is
# rounded down to the second): allow for the browser's rounding only. No browser clock is compared.
DURATION_SLACK = timedelta(seconds=1)


class ActivityNotAvailable(Exception):
    """The page is not published, has no ready content, or the user is not enrolled."""


class StatementRejected(Exception):
    """The statement or state does not belong to this learner and activity, or is malformed."""


class PlayerNotIssued(Exception):
    """The statement does not come with a valid player token issued to this learner for this
    activity (none, forged, expired, or another learner's or activity's)."""


def actor_mail(user: User) -> str:
    """The mailbox the player reports as the learner (not their real address)."""
    return f"learner-{user.pk}@{ACTOR_DOMAIN}"


def object_iri(page: H5PActivityPage) -> str:
    """The xAPI object id of an activity: stable, independent of the page's slug."""
    return f"{settings.SITE_URL.rstrip('/')}/h5p/hoat-dong/{page.pk}"


def check_access(user: User, page: H5PActivityPage) -> H5PContent:
    """The page's content, if `user` is enrolled in the course of this published activity.

    `page` must come with its content (select_related); the enrolment is one indexed query.
    """
    content = page.content
    if not page.live or content is None or content.status != H5PContent.Status.READY:
        raise ActivityNotAvailable
    if course_selectors.live_enrolment_above(user, page) is None:
        raise ActivityNotAvailable
    return content


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatementRejected(_("The statement's score is not a number."))
    return float(value)


def _check_statement(user: User, page: H5PActivityPage, statement: Any) -> str:
    """The statement's verb, after checking it is about this learner and this activity."""
    if not isinstance(statement, dict):
        raise StatementRejected(_("The statement is not a JSON object."))
    if len(json.dumps(statement)) > MAX_STATEMENT_BYTES:
        raise StatementRejected(_("The statement is too large."))
    if _dig(statement, "actor", "mbox") != f"mailto:{actor_mail(user)}":
        raise StatementRejected(_("The statement is about another user."))
    object_id = _dig(statement, "object", "id")
    content_id = _dig(statement, "object", "definition", "extensions", CONTENT_ID_EXTENSION)
    if (
        not isinstance(object_id, str)
        or object_id.split("?", 1)[0] != object_iri(page)
        or str(content_id) != str(page.content_id)
    ):
        raise StatementRejected(_("The statement is about another activity."))
    verb = _dig(statement, "verb", "id")
    if not isinstance(verb, str) or not verb.startswith(("http://", "https://")):
        raise StatementRejected(_("The statement has no valid verb."))
    return verb.removeprefix(VERB_PREFIX)[:200]


def _check_player(user: User, page: H5PActivityPage, player_token: str) -> datetime:
    """When the player sending this statement was issued to `user` for `page`."""
    try:
        grant, issued_at = read_issued_grant(player_token)
    except signing.SignatureExpired:
        raise PlayerNotIssued(
            _("This activity's player has expired. Reload the page and answer again.")
        ) from None
    except signing.BadSignature:
        grant = None
    if grant is None or (grant.user_id, grant.page_id, grant.content_id) != (
        user.pk,
        page.pk,
        page.content_id,
    ):
        raise PlayerNotIssued(
            _("Results are accepted only from the player opened for you on this activity.")
        )
    return issued_at


def _check_duration(statement: dict[str, Any], issued_at: datetime) -> timedelta | None:
    """The statement's claimed duration, if it fits in the time since its player was issued."""
    duration = _dig(statement, "result", "duration")
    if duration is None:
        return None
    try:
        claimed = parse_duration(duration) if isinstance(duration, str) else None
    except (ValueError, OverflowError):
        claimed = None
    if claimed is None or claimed < timedelta(0):
        raise StatementRejected(_("The statement's duration is not valid."))
    if claimed > timezone.now() - issued_at + DURATION_SLACK:
        raise StatementRejected(
            _("The statement claims more time than has passed since its player was opened.")
        )
    return claimed


def completes_lesson(verb: str, result: dict[str, Any]) -> bool:
    """Our rule: success reported true, or completion reported true by unscored content."""
    if verb not in SCORED_VERBS or verb == "failed":
        return False
    success = result.get("success")
    if success is not None:
        return success is True
    return result.get("completion") is True and _dig(result, "score", "max") in (None, 0)


@dataclass(frozen=True)
class _Checked:
    """A statement that passed every check, with what the derived result needs from it."""

    statement: dict[str, Any]
    verb: str
    top_level: bool
    outcome: dict[str, Any]
    duration: timedelta | None
    score: float | None
    max_score: float | None
    scaled: float | None


def _checked(user: User, page: H5PActivityPage, statement: Any, issued_at: datetime) -> _Checked:
    verb = _check_statement(user, page, statement)
    duration = _check_duration(statement, issued_at)
    outcome = statement.get("result")
    outcome = outcome if isinstance(outcome, dict) else {}
    return _Checked(
        statement=statement,
        verb=verb,
        top_level=not _dig(statement, "context", "contextActivities", "parent"),
        outcome=outcome,
        duration=duration,
        score=_number(_dig(outcome, "score", "raw")),
        max_score=_number(_dig(outcome, "score", "max")),
        scaled=_number(_dig(outcome, "score", "scaled")),
    )


def _apply(result: H5PResult, page: H5PActivityPage, item: _Checked) -> tuple[bool, bool]:
    """Fold one statement into the result in memory: (result changed, lesson completed)."""
    if item.top_level and item.verb == "attempted":
        result.attempts += 1
        return True, False
    if not (item.top_level and item.verb in SCORED_VERBS and item.outcome):
        return False, False
    outcome = item.outcome
    result.attempts = max(result.attempts, 1)
    result.page = page
    result.score, result.max_score = item.score, item.max_score
    scaled = item.scaled
    if scaled is None and item.score is not None and item.max_score:
        scaled = item.score / item.max_score
    result.scaled = scaled
    success = outcome.get("success")
    result.success = success if isinstance(success, bool) else None
    result.completion = result.completion or outcome.get("completion") is True
    result.duration = item.duration
    if not completes_lesson(item.verb, outcome):
        return True, False
    result.completion = True
    if result.completed_at is None:
        result.completed_at = timezone.now()
    return True, True


def record_statements(
    user: User, page: H5PActivityPage, statements: list[Any], *, player_token: str
) -> H5PResult:
    """Store statements as sent (append-only, one insert for the batch) and update the
    learner's derived result once.

    Only statements from a player issued to this learner for this activity are taken, and only
    if their duration fits in the time since it was issued; one bad statement refuses the whole
    batch. The score is still the browser's word. In order: a top-level `attempted` starts a new
    attempt; a top-level scored statement sets the score; a statement that meets the completion
    rule completes the lesson.
    """
    if not statements or len(statements) > MAX_BATCH:
        raise StatementRejected(
            _("Send between 1 and %(max)d statements at a time.") % {"max": MAX_BATCH}
        )
    content = check_access(user, page)
    issued_at = _check_player(user, page, player_token)
    checked = [_checked(user, page, statement, issued_at) for statement in statements]
    with transaction.atomic():
        result, _created = H5PResult.objects.select_for_update().get_or_create(
            user=user, content=content, defaults={"page": page}
        )
        rows = []
        changed = completed = False
        for item in checked:
            item_changed, item_completed = _apply(result, page, item)
            changed, completed = changed or item_changed, completed or item_completed
            rows.append(
                XAPIStatement(
                    user=user,
                    content=content,
                    page=page,
                    attempt=max(result.attempts, 1),
                    verb=item.verb,
                    top_level=item.top_level,
                    statement=item.statement,
                )
            )
        XAPIStatement.objects.bulk_create(rows)
        if changed:
            result.save()
        # Completing an already completed lesson would only recompute the same progress.
        if completed and not LessonCompletion.objects.filter(user=user, lesson=page).exists():
            complete_lesson(user, page)
    return result


def record_statement(
    user: User, page: H5PActivityPage, statement: Any, *, player_token: str
) -> H5PResult:
    """Store one statement and update the derived result (see `record_statements`)."""
    return record_statements(user, page, [statement], player_token=player_token)


def save_state(
    user: User,
    page: H5PActivityPage,
    *,
    data_type: str,
    sub_content_id: str,
    data: str | None,
    preload: bool = True,
    invalidate: bool = False,
) -> H5PUserData | None:
    """Save (or with `data` None or "0", clear) a learner's resume state for the activity."""
    content = check_access(user, page)
    sub_content_id = sub_content_id or "0"
    if not DATA_TYPE.match(data_type) or not SUB_CONTENT_ID.match(sub_content_id):
        raise StatementRejected(_("The saved state has an invalid name."))
    key: dict[str, Any] = {"user": user, "content": content, "data_type": data_type}
    if data is None or data == "0":
        H5PUserData.objects.filter(**key, sub_content_id=sub_content_id).delete()
        return None
    if len(data) > MAX_STATE_BYTES:
        raise StatementRejected(_("The saved state is too large."))
    try:
        json.loads(data)
    except ValueError:
        raise StatementRejected(_("The saved state is not valid JSON.")) from None
    saved, _created = H5PUserData.objects.update_or_create(
        **key,
        sub_content_id=sub_content_id,
        defaults={"data": data, "preload": preload, "invalidate": invalidate},
    )
    return saved
