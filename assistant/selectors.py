"""What managers read: the questions put to the assistant, scoped to what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from assistant.models import AskedQuestion
from people.models import User
from people.scope import scope_to


def asked_questions(viewer: User | AnonymousUser) -> QuerySet[AskedQuestion]:
    """Questions asked in the viewer's reach: all, their province, or their own."""
    return scope_to(
        viewer,
        AskedQuestion.objects.select_related("field", "province"),
        province="province",
        person="asker",
    )


@dataclass(frozen=True)
class AskedRow:
    field: str
    province: str
    asked: int
    unanswered: int


def asked_by_field_and_province(viewer: User | AnonymousUser) -> list[AskedRow]:
    """Counts of questions and of unanswered ones, per field and province, most asked first."""
    rows = (
        asked_questions(viewer)
        .values("field__name", "province__name")
        .annotate(asked=Count("pk"), unanswered=Count("pk", filter=Q(answered=False)))
        .order_by("-unanswered", "-asked", "field__name", "province__name")
    )
    return [
        AskedRow(r["field__name"] or "", r["province__name"] or "", r["asked"], r["unanswered"])
        for r in rows
    ]


def unanswered(viewer: User | AnonymousUser, *, limit: int = 100) -> list[AskedQuestion]:
    """The latest questions the assistant could not answer well."""
    return list(asked_questions(viewer).filter(answered=False)[:limit])
