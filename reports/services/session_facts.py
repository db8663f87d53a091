"""Session facts (one per person × training session) computed from their sources for a few
people at a time; `reports.services.rebuild` computes the same rows for everyone at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, CertificateStatus
from lib.batches import chunks
from lib.percent import reaches
from reports.models import SessionFact
from reports.services.fact_store import REFRESH_CHUNK, store_facts
from reports.services.placements import NOWHERE, placements
from training.models import Registration

SESSION_FACT_VALUES = (
    "course_id",
    "province_id",
    "unit_id",
    "level",
    "status",
    "registered_at",
    "attendance_percent",
    "attended",
    "certificate_id",
    "certified_at",
)


def compute_session_facts(
    user_ids: Sequence[int], session_ids: Sequence[int] | None
) -> list[SessionFact]:
    """Facts for every registration of these people (in these sessions, if given)."""
    registrations = Registration.objects.filter(user_id__in=user_ids)
    if session_ids is not None:
        registrations = registrations.filter(session_id__in=session_ids)
    rows = list(
        registrations.values_list(
            "user_id",
            "session_id",
            "session__course_id",
            "status",
            "created_at",
            "attended_minutes",
            "attendance_percent",
            "session_minutes",
            "session__attendance_threshold",
        )
    )
    if not rows:
        return []
    people = {row[0] for row in rows}
    where = placements(people)
    certified: dict[tuple[int, int], tuple[int, datetime]] = {}
    for pk, person_id, session_id, issued_at in (
        Certificate.objects.filter(
            person_id__in=people,
            session_id__in={row[1] for row in rows},
            status=CertificateStatus.VALID,
        )
        .order_by("issued_at", "pk")
        .values_list("pk", "person_id", "session_id", "issued_at")
    ):
        certified[(person_id, session_id)] = (pk, issued_at)
    now = timezone.now()
    facts = []
    for (
        user_id,
        session_id,
        course_id,
        status,
        created_at,
        minutes,
        percent,
        session_minutes,
        threshold,
    ) in rows:
        place = where.get(user_id, NOWHERE)
        certificate = certified.get((user_id, session_id))
        facts.append(
            SessionFact(
                user_id=user_id,
                session_id=session_id,
                course_id=course_id,
                province_id=place.province_id,
                unit_id=place.unit_id,
                level=place.level,
                status=status,
                registered_at=created_at,
                attendance_percent=percent,
                attended=minutes > 0
                and (
                    reaches(minutes, session_minutes, threshold)
                    if session_minutes
                    else percent >= threshold
                ),
                certificate_id=certificate[0] if certificate else None,
                certified_at=certificate[1] if certificate else None,
                updated_at=now,
            )
        )
    return facts


def refresh_session_facts(
    user_ids: Sequence[int], session_ids: Sequence[int] | None = None
) -> None:
    """Recompute the session facts of these people (in these sessions) from source."""
    with transaction.atomic():
        for chunk in chunks(list(user_ids), REFRESH_CHUNK):
            store_facts(
                SessionFact,
                compute_session_facts(chunk, session_ids),
                user_ids=chunk,
                target="session",
                target_ids=session_ids,
                values=SESSION_FACT_VALUES,
            )
