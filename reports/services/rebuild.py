"""Rebuilding every completion fact from source (`manage.py rebuild_facts`), set-based."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from courses.models import Enrolment
from reports.models import CourseFact, SessionFact
from reports.services.facts import (
    FactT,
    _chunks,
    compute_course_facts,
    compute_session_facts,
    recount_staff,
)
from training.models import Registration

# A full rebuild reads this many learners at a time and inserts rows in these batches.
REBUILD_LEARNERS = 10_000
INSERT_BATCH = 5000


@dataclass(frozen=True)
class Rebuilt:
    course_facts: int
    session_facts: int


def _insert(model: type[FactT], facts: list[FactT]) -> None:
    """Plain inserts; on PostgreSQL through COPY, which skips Django's per-value SQL building
    (most of a rebuild's time went there)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(facts, batch_size=INSERT_BATCH)
        return
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in columns)
    statement = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for fact in facts:
            copy.write_row([getattr(fact, f.attname) for f in columns])


def rebuild_facts(*, chunk: int = REBUILD_LEARNERS) -> Rebuilt:
    """Recompute every fact from source: empty both tables and refill them with plain
    inserts, `chunk` learners at a time, in one transaction.

    Readers keep seeing the old facts until it commits (PostgreSQL's snapshots), and an
    incremental refresh that runs meanwhile waits for it, then updates the new row: safe to
    run while the site is in use, and a failure leaves the old facts untouched. Facts of
    people with no enrolment or registration any more are gone with the rest."""
    with transaction.atomic():
        # No signal listens to facts and nothing refers to them: one DELETE each.
        CourseFact.objects.all().delete()
        SessionFact.objects.all().delete()
        learners = sorted(
            set(Enrolment.objects.order_by().values_list("user_id", flat=True).distinct())
            | set(Registration.objects.order_by().values_list("user_id", flat=True).distinct())
        )
        for ids in _chunks(learners, chunk):
            _insert(CourseFact, compute_course_facts(ids, None))
            _insert(SessionFact, compute_session_facts(ids, None))
        recount_staff()
        return Rebuilt(CourseFact.objects.count(), SessionFact.objects.count())
