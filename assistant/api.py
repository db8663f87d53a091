"""GET /api/v1/assistant/?q=…&field=…: the assistant's answers as JSON, for signed-in users."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from assistant import services
from assistant.models import PassageKind
from assistant.views import rate_limited
from courses.models import Field
from lib.params import text_param

router = Router(tags=["assistant"])


class AnswerOut(Schema):
    kind: str
    title: str
    url: str
    snippet: str
    score: float
    code: str | None = None
    slug: str | None = None


class AnswersOut(Schema):
    answers: list[AnswerOut]
    answered: bool


class ErrorOut(Schema):
    detail: str


@router.get("/", response={200: AnswersOut, 400: ErrorOut, 429: ErrorOut})
def answers(request: HttpRequest, q: str = "", field: str = "") -> Status:
    if rate_limited(request):
        return Status(
            429, {"detail": _("You have asked many questions in a short time. Wait a minute.")}
        )
    chosen = Field.objects.filter(slug=text_param(field, 60)).first()
    try:
        result = services.ask(request.user, text_param(q, services.READ_LIMIT), field=chosen)
    except services.QuestionRefused as exc:
        return Status(400, {"detail": exc.message})
    rows = []
    for answer in result.answers:
        passage = answer.passage
        rows.append(
            {
                "kind": passage.kind,
                "title": passage.title,
                "url": passage.url,
                "snippet": " ".join(piece.text for piece in answer.pieces),
                "score": round(answer.score, 3),
                "code": passage.code if passage.kind == PassageKind.TASK else None,
                "slug": passage.code if passage.kind == PassageKind.LESSON else None,
            }
        )
    return Status(200, {"answers": rows, "answered": result.answered})
