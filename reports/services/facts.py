"""Compute completion facts from their sources, and keep them current.

The same functions serve the incremental path (a receiver refreshes the few rows an event
touched, inside the transaction that changed the source) and `rebuild_facts` (every row,
in chunks), so both produce identical rows by construction, and a test checks it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment
from lib.percent import reaches
from people.models import Level, StaffProfile, Unit
from quizzes.models import QuizPage, QuizResult
from reports.models import CourseFact, SessionFact, UnitStaff
from training.models import Registration

COURSE_FACT_VALUES = (
    "field_id",
    "province_id",
    "unit_id",
    "level",
    "assigned",
    "enrolled_at",
    "lessons_done",
    "lessons_total",
    "progress_percent",
    "last_activity_at",
    "completed_at",
    "best_score",
    "passed",
    "sessions_attended",
    "certificate_id",
    "certified_at",
    "enrolled_month",
    "completed_month",
    "certified_month",
)
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
REBUILD_CHUNK = 2000
FactT = TypeVar("FactT", CourseFact, SessionFact)

_LEVEL_OF_KIND: dict[str, str] = {
    Unit.Kind.MINISTRY: Level.MINISTRY,
    Unit.Kind.MINISTRY_UNIT: Level.MINISTRY,
    Unit.Kind.DEPARTMENT: Level.PROVINCE,
    Unit.Kind.COMMUNE: Level.COMMUNE,
}


@dataclass(frozen=True)
class Placement:
    """Where a person sits in the organisation, copied onto their facts."""

    province_id: int | None
    unit_id: int | None
    level: str


NOWHERE = Placement(None, None, "")


def month_of(moment: datetime | None) -> int | None:
    """The local month of `moment` as 202611."""
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return local.year * 100 + local.month


def placements(user_ids: Iterable[int]) -> dict[int, Placement]:
    rows = StaffProfile.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "unit_id", "unit__province_id", "unit__kind"
    )
    return {
        user_id: Placement(province_id, unit_id, _LEVEL_OF_KIND.get(kind, ""))
        for user_id, unit_id, province_id, kind in rows
    }


def _quizzes_by_course(course_ids: Iterable[int]) -> dict[int, set[int]]:
    """The published quizzes inside each course (quizzes are lessons somewhere below it).

    Only the quizzes under these courses' paths are read: a learner's lesson must not make
    the database hand over every quiz in the country."""
    course_of_path = dict(
        CoursePage.objects.filter(pk__in=list(course_ids)).values_list("path", "pk")
    )
    found: dict[int, set[int]] = {pk: set() for pk in course_of_path.values()}
    if not course_of_path:
        return found
    below = Q()
    for path in course_of_path:
        below |= Q(path__startswith=path)
    depths = {len(path) for path in course_of_path}
    for quiz_id, quiz_path in QuizPage.objects.live().filter(below).values_list("pk", "path"):
        for depth in depths:
            course_id = course_of_path.get(quiz_path[:depth])
            if course_id is not None:
                found[course_id].add(quiz_id)
    return found


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def compute_course_facts(
    user_ids: Sequence[int], course_ids: Sequence[int] | None
) -> list[CourseFact]:
    """Facts for every enrolment of these people (in these courses, if given), from source."""
    enrolments = Enrolment.objects.filter(user_id__in=user_ids)
    if course_ids is not None:
        enrolments = enrolments.filter(course_id__in=course_ids)
    rows = list(
        enrolments.values_list(
            "user_id",
            "course_id",
            "course__field_id",
            "source",
            "enrolled_at",
            "lessons_done",
            "lessons_total",
            "progress_percent",
            "last_activity_at",
            "completed_at",
        )
    )
    if not rows:
        return []
    people = {row[0] for row in rows}
    courses = {row[1] for row in rows}
    where = placements(people)
    quizzes = _quizzes_by_course(courses)
    course_of_quiz = {quiz: course for course, ids in quizzes.items() for quiz in ids}

    scores: dict[tuple[int, int], list[tuple[Decimal, bool]]] = defaultdict(list)
    for user_id, quiz_id, grade, passed_at in QuizResult.objects.filter(
        user_id__in=people, quiz_id__in=list(course_of_quiz)
    ).values_list("user_id", "quiz_id", "percent", "passed_at"):
        scores[(user_id, course_of_quiz[quiz_id])].append((grade, passed_at is not None))

    attended: dict[tuple[int, int], int] = defaultdict(int)
    for user_id, course_id in (
        Registration.objects.alias(attended_x100=F("attended_minutes") * 100)
        .filter(
            user_id__in=people,
            session__course_id__in=courses,
            attended_minutes__gt=0,
        )
        .filter(
            # The exact share, never the rounded percent: 79.6 % does not reach 80 %.
            Q(session_minutes=0, attendance_percent__gte=F("session__attendance_threshold"))
            | Q(
                session_minutes__gt=0,
                attended_x100__gte=F("session__attendance_threshold") * F("session_minutes"),
            )
        )
        .values_list("user_id", "session__course_id")
    ):
        attended[(user_id, course_id)] += 1

    certified: dict[tuple[int, int], tuple[int, datetime]] = {}
    for pk, person_id, course_id, issued_at in (
        Certificate.objects.filter(
            person_id__in=people, course_id__in=courses, status=CertificateStatus.VALID
        )
        .order_by("issued_at", "pk")
        .values_list("pk", "person_id", "course_id", "issued_at")
    ):
        certified[(person_id, course_id)] = (pk, issued_at)

    now = timezone.now()
    facts = []
    for (
        user_id,
        course_id,
        field_id,
        source,
        enrolled_at,
        done,
        total,
        percent,
        last_activity_at,
        completed_at,
    ) in rows:
        place = where.get(user_id, NOWHERE)
        results = scores.get((user_id, course_id), [])
        quiz_count = len(quizzes.get(course_id, ()))
        certificate = certified.get((user_id, course_id))
        facts.append(
            CourseFact(
                user_id=user_id,
                course_id=course_id,
                field_id=field_id,
                province_id=place.province_id,
                unit_id=place.unit_id,
                level=place.level,
                assigned=source == Enrolment.Source.BULK,
                enrolled_at=enrolled_at,
                lessons_done=done,
                lessons_total=total,
                progress_percent=percent,
                last_activity_at=last_activity_at,
                completed_at=completed_at,
                best_score=max((score for score, _ in results), default=None),
                passed=(
                    None if quiz_count == 0 else sum(1 for _, ok in results if ok) >= quiz_count
                ),
                sessions_attended=attended.get((user_id, course_id), 0),
                certificate_id=certificate[0] if certificate else None,
                certified_at=certificate[1] if certificate else None,
                enrolled_month=month_of(enrolled_at),
                completed_month=month_of(completed_at),
                certified_month=month_of(certificate[1] if certificate else None),
                updated_at=now,
            )
        )
    return facts


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


def _store(
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


def _store_course_facts(
    facts: list[CourseFact], user_ids: Sequence[int], course_ids: Sequence[int] | None
) -> None:
    _store(
        CourseFact,
        facts,
        user_ids=user_ids,
        target="course",
        target_ids=course_ids,
        values=COURSE_FACT_VALUES,
    )


def _store_session_facts(
    facts: list[SessionFact], user_ids: Sequence[int], session_ids: Sequence[int] | None
) -> None:
    _store(
        SessionFact,
        facts,
        user_ids=user_ids,
        target="session",
        target_ids=session_ids,
        values=SESSION_FACT_VALUES,
    )


def refresh_course_facts(user_ids: Sequence[int], course_ids: Sequence[int] | None = None) -> None:
    """Recompute the course facts of these people (in these courses) from source."""
    with transaction.atomic():
        for chunk in _chunks(list(user_ids), REBUILD_CHUNK):
            _store_course_facts(compute_course_facts(chunk, course_ids), chunk, course_ids)


def refresh_session_facts(
    user_ids: Sequence[int], session_ids: Sequence[int] | None = None
) -> None:
    """Recompute the session facts of these people (in these sessions) from source."""
    with transaction.atomic():
        for chunk in _chunks(list(user_ids), REBUILD_CHUNK):
            _store_session_facts(compute_session_facts(chunk, session_ids), chunk, session_ids)


def move_person(user_id: int) -> None:
    """Copy a person's current unit, province and level onto all their facts."""
    place = placements([user_id]).get(user_id, NOWHERE)
    values = {"province_id": place.province_id, "unit_id": place.unit_id, "level": place.level}
    CourseFact.objects.filter(user_id=user_id).exclude(**values).update(
        **values, updated_at=timezone.now()
    )
    SessionFact.objects.filter(user_id=user_id).exclude(**values).update(
        **values, updated_at=timezone.now()
    )


def move_people(user_ids: Sequence[int]) -> None:
    """`move_person` for many people at once: one update per place they now hold."""
    by_place: dict[Placement, list[int]] = defaultdict(list)
    found = placements(user_ids)
    for user_id in user_ids:
        by_place[found.get(user_id, NOWHERE)].append(user_id)
    now = timezone.now()
    for place, people in by_place.items():
        values = {"province_id": place.province_id, "unit_id": place.unit_id, "level": place.level}
        for model in (CourseFact, SessionFact):
            model.objects.filter(user_id__in=people).exclude(**values).update(
                **values, updated_at=now
            )


def recategorise_course(course_id: int, field_id: int | None) -> None:
    """Copy a course's field onto its facts."""
    changed = CourseFact.objects.filter(course_id=course_id)
    changed = (
        changed.exclude(field__isnull=True)
        if field_id is None
        else changed.exclude(field_id=field_id)
    )
    changed.update(field_id=field_id, updated_at=timezone.now())


def recount_staff(unit_ids: Iterable[int] | None = None) -> None:
    """Store the number of active staff of these units (every unit if None)."""
    units = Unit.objects.filter(province__isnull=False)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    counts = dict(
        StaffProfile.objects.filter(unit__in=units, user__is_active=True)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
        .order_by()
    )
    rows = [
        UnitStaff(
            unit_id=pk,
            province_id=province_id,
            level=_LEVEL_OF_KIND.get(kind, ""),
            staff=counts[pk],
        )
        for pk, province_id, kind in units.values_list("pk", "province_id", "kind")
        if counts.get(pk)
    ]
    with transaction.atomic():
        UnitStaff.objects.filter(unit__in=units).exclude(unit_id__in=list(counts)).delete()
        UnitStaff.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["unit"],
            update_fields=["province", "level", "staff"],
        )
