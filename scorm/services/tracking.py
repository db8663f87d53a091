"""Launching SCOs, recording the browser's CMI commits and completing the activity.

Every commit is kept as sent (append-only) and folded into the attempt's current state. Like
H5P results, completion and scores are the browser's word: the learner could forge them.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses.models import LessonCompletion
from courses.services import complete_lesson
from people.models import User
from scorm.cmi import InvalidCmi, format_duration, read_cmi
from scorm.models import CmiCommit, Sco, ScormActivityPage, ScormAttempt, ScormPackage
from scorm.tokens import LaunchGrant

MAX_COMMIT_BYTES = 512 * 1024


class ActivityNotAvailable(Exception):
    """The page is not published, its package is not ready, or the user is not enrolled."""


class CommitRejected(Exception):
    """The commit's data is malformed, or its attempt has ended."""


class NotYourAttempt(CommitRejected):
    """The commit names an attempt that is not this learner's on this activity."""


def lesson_done(user: User, page: ScormActivityPage) -> bool:
    return LessonCompletion.objects.filter(user=user, lesson=page).exists()


def check_access(user: User, page: ScormActivityPage) -> ScormPackage:
    """The page's package, if `user` is enrolled in the course of this published activity."""
    package = page.package
    if not page.live or package is None or package.status != ScormPackage.Status.READY:
        raise ActivityNotAvailable
    if course_selectors.live_enrolment_above(user, page) is None:
        raise ActivityNotAvailable
    return package


def open_attempt(user: User, page: ScormActivityPage, sco: Sco) -> ScormAttempt:
    """The attempt a launch continues: the last one, unless it ended without "suspend"
    (SCORM's rule for a new attempt), in which case a new one."""
    check_access(user, page)
    with transaction.atomic():
        last = (
            ScormAttempt.objects.select_for_update()
            .filter(user=user, page=page, sco=sco)
            .order_by("-number")
            .first()
        )
        if last is not None and not (last.terminated and last.exit != "suspend"):
            if last.terminated:
                # A suspended attempt goes on where it stopped.
                last.terminated = False
                last.save(update_fields=["terminated", "updated_at"])
            return last
        number = last.number + 1 if last is not None else 1
        return ScormAttempt.objects.create(user=user, page=page, sco=sco, number=number)


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    if value in ("", None):
        return
    keys = path.split(".")
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value


def _score(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def resume_data(attempt: ScormAttempt | None, user: User, *, scorm_12: bool) -> dict[str, Any]:
    """What the runtime loads before Initialize (scorm-again's loadFromJSON, without "cmi."):
    the learner, and for a resumed attempt its status, score, location and suspend_data."""
    data: dict[str, Any] = {}
    name = user.get_full_name() or user.get_username()
    learner = f"learner-{user.pk}"
    resumed = attempt is not None and attempt.commits > 0
    entry = "resume" if resumed and attempt is not None and attempt.exit == "suspend" else ""
    if scorm_12:
        _put(data, "core.student_id", learner)
        _put(data, "core.student_name", name)
        _put(data, "core.entry", entry or ("" if resumed else "ab-initio"))
    else:
        _put(data, "learner_id", learner)
        _put(data, "learner_name", name)
        _put(data, "entry", entry or ("" if resumed else "ab-initio"))
    if attempt is None or not resumed:
        return data
    if scorm_12:
        _put(data, "core.lesson_status", attempt.lesson_status)
        _put(data, "core.lesson_location", attempt.location)
        _put(data, "core.score.raw", _score(attempt.score_raw))
        _put(data, "core.score.min", _score(attempt.score_min))
        _put(data, "core.score.max", _score(attempt.score_max))
        if attempt.total_time is not None:
            _put(data, "core.total_time", format_duration(attempt.total_time, scorm_12=True))
    else:
        _put(data, "completion_status", attempt.completion_status)
        _put(data, "success_status", attempt.success_status)
        _put(data, "location", attempt.location)
        _put(data, "progress_measure", _score(attempt.progress_measure))
        _put(data, "score.scaled", _score(attempt.score_scaled))
        _put(data, "score.raw", _score(attempt.score_raw))
        _put(data, "score.min", _score(attempt.score_min))
        _put(data, "score.max", _score(attempt.score_max))
        if attempt.total_time is not None:
            _put(data, "total_time", format_duration(attempt.total_time, scorm_12=False))
    _put(data, "suspend_data", attempt.suspend_data)
    return data


def _passed(attempt: ScormAttempt, sco: Sco, *, scorm_12: bool) -> bool | None:
    if scorm_12:
        if attempt.lesson_status == "passed":
            return True
        if attempt.lesson_status == "failed":
            return False
        if sco.mastery_score is not None and attempt.score_raw is not None:
            return attempt.score_raw >= sco.mastery_score
        return None
    return {"passed": True, "failed": False}.get(attempt.success_status)


def _completed(attempt: ScormAttempt, *, scorm_12: bool) -> bool:
    if scorm_12:
        return attempt.lesson_status in ("completed", "passed")
    return attempt.completion_status == "completed"


def sco_done(attempt: ScormAttempt) -> bool:
    """Our rule for one SCO: completed, and not failed where it reports success."""
    return attempt.completed and attempt.passed is not False


def record_commit(
    user: User, page: ScormActivityPage, grant: LaunchGrant, data: Any, *, terminate: bool
) -> ScormAttempt:
    """Store one commit of the learner's own attempt and fold it into the current state;
    completes the lesson once every SCO of the package is done."""
    if (grant.user_id, grant.page_id) != (user.pk, page.pk):
        raise NotYourAttempt(_("This commit belongs to another learner or activity."))
    package = check_access(user, page)
    if grant.package_id != package.pk:
        raise NotYourAttempt(_("This commit belongs to another learner or activity."))
    if len(json.dumps(data)) > MAX_COMMIT_BYTES:
        raise CommitRejected(_("The commit is too large."))
    scorm_12 = not package.is_2004
    try:
        state = read_cmi(data, scorm_12=scorm_12)
    except InvalidCmi as exc:
        raise CommitRejected(
            _("The commit has an invalid value for %(element)s.") % {"element": str(exc)}
        ) from None
    with transaction.atomic():
        attempt = (
            ScormAttempt.objects.select_for_update()
            .select_related("sco")
            .filter(pk=grant.attempt_id, user=user, page=page, sco_id=grant.sco_id)
            .first()
        )
        if attempt is None:
            raise NotYourAttempt(_("This commit belongs to another learner or activity."))
        if attempt.terminated and attempt.exit != "suspend":
            raise CommitRejected(_("This attempt has ended; open the activity again."))
        CmiCommit.objects.create(attempt=attempt, user=user, terminate=terminate, data=data)
        _fold(attempt, state, terminate=terminate, scorm_12=scorm_12)
        attempt.save()
        finished = sco_done(attempt) and _package_done(user, page, package)
        if finished and not lesson_done(user, page):
            complete_lesson(user, page)
    return attempt


def _fold(attempt: ScormAttempt, state: Any, *, terminate: bool, scorm_12: bool) -> None:
    attempt.lesson_status = state.lesson_status or attempt.lesson_status
    attempt.completion_status = state.completion_status or attempt.completion_status
    attempt.success_status = state.success_status or attempt.success_status
    for name in ("progress_measure", "score_raw", "score_min", "score_max", "score_scaled"):
        value = getattr(state, name)
        if value is not None:
            setattr(attempt, name, value)
    attempt.location = state.location
    attempt.suspend_data = state.suspend_data
    attempt.exit = state.exit
    attempt.session_time = state.session_time_text
    if state.interactions:
        attempt.interactions = state.interactions
    attempt.cmi = state_dict(state)
    attempt.commits += 1
    if terminate:
        attempt.terminated = True
        attempt.total_time = (attempt.total_time or timedelta(0)) + (
            state.session_time or timedelta(0)
        )
    # Completion and a pass stay once reported (a later "incomplete" is a revisit).
    attempt.completed = attempt.completed or _completed(attempt, scorm_12=scorm_12)
    passed = _passed(attempt, attempt.sco, scorm_12=scorm_12)
    attempt.passed = True if attempt.passed else passed
    if attempt.completed and attempt.completed_at is None:
        attempt.completed_at = timezone.now()


def state_dict(state: Any) -> dict[str, Any]:
    return {
        key: value
        for key, value in vars(state).items()
        if key not in ("session_time", "interactions") and value not in ("", None)
    }


def _package_done(user: User, page: ScormActivityPage, package: ScormPackage) -> bool:
    """Simple sequencing: the package is done when every tracked SCO has a done attempt."""
    needed = set(package.scos.filter(scorm_type="sco").values_list("pk", flat=True))
    done = {
        attempt.sco_id
        for attempt in ScormAttempt.objects.filter(
            user=user, page=page, sco_id__in=needed, completed=True
        ).exclude(passed=False)
    }
    return bool(needed) and needed <= done
