"""Endpoints the lesson page posts to with the session and the CSRF token.

The sandboxed player cannot reach these (it has no cookies); the lesson page relays what the
player sends after checking that it came from its own frame.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from quizzes.h5p import selectors, services
from quizzes.h5p.models import H5PActivityPage

router = Router(tags=["h5p"])


class StatementIn(Schema):
    # One statement, or several in order (an array, as xAPI's POST /statements allows).
    statement: dict[str, Any] | list[dict[str, Any]]
    # The signed token of the player that the lesson page was issued (its iframe's URL).
    player_token: str = ""


class StatementOut(Schema):
    score: float | None
    max_score: float | None
    success: bool | None
    completion: bool
    attempts: int
    lesson_done: bool
    source: str
    stored: int


class StateIn(Schema):
    data_type: str
    sub_content_id: str = "0"
    data: str | None = None
    preload: bool = True
    invalidate: bool = False


class SavedOut(Schema):
    saved: bool


class ErrorOut(Schema):
    detail: str


class ResultOut(Schema):
    content_id: int
    content: str
    page_id: int | None
    score: float | None
    max_score: float | None
    scaled: float | None
    success: bool | None
    completion: bool
    attempts: int
    source: str


def _page(page_id: int) -> H5PActivityPage:
    return get_object_or_404(H5PActivityPage.objects.select_related("content"), pk=page_id)


@router.post(
    "/pages/{page_id}/statements/",
    response={200: StatementOut, 400: ErrorOut, 403: ErrorOut},
    url_name="h5p_statements",
)
def post_statement(request: HttpRequest, page_id: int, body: StatementIn) -> Any:
    """Store the xAPI statements from the learner's player and return the derived result."""
    page = _page(page_id)
    statements = body.statement if isinstance(body.statement, list) else [body.statement]
    try:
        result = services.record_statements(
            request.user,  # type: ignore[arg-type]
            page,
            statements,
            player_token=body.player_token,
        )
    except services.ActivityNotAvailable:
        return Status(403, {"detail": _("You are not enrolled in the course of this activity.")})
    except services.PlayerNotIssued as exc:
        return Status(403, {"detail": str(exc)})
    except services.StatementRejected as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        200,
        {
            "score": result.score,
            "max_score": result.max_score,
            "success": result.success,
            "completion": result.completion,
            "attempts": result.attempts,
            "lesson_done": result.completed_at is not None,
            "source": result.source,
            "stored": len(statements),
        },
    )


@router.post(
    "/pages/{page_id}/state/",
    response={200: SavedOut, 400: ErrorOut, 403: ErrorOut},
    url_name="h5p_state",
)
def post_state(request: HttpRequest, page_id: int, body: StateIn) -> Any:
    """Save or clear the learner's resume state for the activity."""
    page = _page(page_id)
    try:
        saved = services.save_state(
            request.user,  # type: ignore[arg-type]
            page,
            data_type=body.data_type,
            sub_content_id=body.sub_content_id,
            data=body.data,
            preload=body.preload,
            invalidate=body.invalidate,
        )
    except services.ActivityNotAvailable:
        return Status(403, {"detail": _("You are not enrolled in the course of this activity.")})
    except services.StatementRejected as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {"saved": saved is not None})


@router.get("/results/", response=list[ResultOut], url_name="h5p_results")
def list_results(request: HttpRequest) -> list[dict[str, Any]]:
    """H5P results the viewer may see; every score is reported by the learner's browser."""
    return [
        {
            "content_id": r.content_id,
            "content": r.content.title,
            "page_id": r.page_id,
            "score": r.score,
            "max_score": r.max_score,
            "scaled": r.scaled,
            "success": r.success,
            "completion": r.completion,
            "attempts": r.attempts,
            "source": r.source,
        }
        for r in selectors.visible_results(request.user)[:500]
    ]
