"""JSON endpoints for attempts (autosave, resume, submit); session auth with CSRF."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from quizzes import selectors, services
from quizzes.exceptions import AttemptNotFound, NotYourAttempt, QuizError
from quizzes.models import Attempt

router = Router(tags=["quizzes"])


class Error(Schema):
    detail: str
    code: str


class AnswersIn(Schema):
    seq: int = Field(ge=1, le=10_000_000)
    answers: dict[str, Any] = Field(max_length=500)


class SubmitIn(Schema):
    answers: dict[str, Any] = Field(default_factory=dict, max_length=500)


class SavedOut(Schema):
    seq: int
    saved_at: datetime
    remaining_seconds: int | None


class AttemptOut(Schema):
    id: int
    number: int
    state: str
    seq: int
    remaining_seconds: int | None
    questions: list[dict[str, Any]]


class SubmittedOut(Schema):
    id: int
    state: str
    review_url: str


def _error(exc: QuizError) -> Status:
    return Status(exc.status, {"detail": exc.message, "code": type(exc).__name__})


def _own(request: HttpRequest, attempt_id: int) -> Attempt:
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id).first()
    if attempt is None:
        raise AttemptNotFound
    if attempt.user_id != request.user.pk:
        raise NotYourAttempt
    return attempt


@router.get(
    "/attempts/{attempt_id}",
    response={200: AttemptOut, 403: Error, 404: Error, 409: Error},
    url_name="quizzes_attempt",
)
def get_attempt(request: HttpRequest, attempt_id: int) -> Any:
    """The learner's own attempt with its questions (never the answers' correctness)."""
    try:
        attempt = _own(request, attempt_id)
    except QuizError as exc:
        return _error(exc)
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "state": attempt.state,
        "seq": attempt.last_seq,
        "remaining_seconds": services.remaining_seconds(attempt) if attempt.is_open else None,
        "questions": [q.as_json() for q in selectors.attempt_questions(attempt)]
        if attempt.is_open
        else [],
    }


@router.post(
    "/attempts/{attempt_id}/answers",
    response={200: SavedOut, 400: Error, 403: Error, 404: Error, 409: Error},
    url_name="quizzes_save",
)
def save_answers(request: HttpRequest, attempt_id: int, payload: AnswersIn) -> Any:
    """Autosave answers keyed by attempt question id; `seq` must grow with every save."""
    try:
        saved = services.save_answers(
            request.user,  # type: ignore[arg-type]
            attempt_id,
            payload.answers,
            seq=payload.seq,
        )
    except QuizError as exc:
        return _error(exc)
    return {
        "seq": saved.seq,
        "saved_at": saved.saved_at,
        "remaining_seconds": saved.remaining_seconds,
    }


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: SubmittedOut, 400: Error, 403: Error, 404: Error, 409: Error},
    url_name="quizzes_submit",
)
def submit(request: HttpRequest, attempt_id: int, payload: SubmitIn) -> Any:
    """Final answers: grade and close the attempt. A second submit is refused with 409."""
    try:
        attempt = services.submit_attempt(
            request.user,  # type: ignore[arg-type]
            attempt_id,
            payload.answers,
        )
    except QuizError as exc:
        return _error(exc)
    quiz = attempt.quiz
    return {
        "id": attempt.pk,
        "state": attempt.state,
        "review_url": quiz.url + quiz.reverse_subpage("review", args=[attempt.pk]),
    }
