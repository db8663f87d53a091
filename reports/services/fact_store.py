"""Writing recomputed facts of a few people: upsert what has a source, drop what lost it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from reports.models import CourseFact, SessionFact

FactT = TypeVar("FactT", CourseFact, SessionFact)

# The incremental path recomputes this many people per round of queries.
REFRESH_CHUNK = 2000


def store_facts(
    model: type[FactT],
    facts: Sequence[FactT],
    *,
    user_ids: Sequence[int],
    target: str,
    target_ids: Sequence[int] | None,
    values: tuple[str, ...],
) -> None:
    """Upsert `facts` and drop the facts of these people (and targets: courses or sessions)
    that no longer have a source."""
    stale = model.objects.filter(user_id__in=user_ids)
    if target_ids is not None:
        stale = stale.filter(**{f"{target}_id__in": target_ids})
    kept = {(fact.user_id, getattr(fact, f"{target}_id")) for fact in facts}
    gone = [
        pk
        for pk, user_id, target_id in stale.values_list("pk", "user_id", f"{target}_id")
        if (user_id, target_id) not in kept
    ]
    if gone:
        model.objects.filter(pk__in=gone).delete()
    model.objects.bulk_create(
        facts,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["user", target],
        update_fields=[*(name.removesuffix("_id") for name in values), "updated_at"],
    )
