"""Course facts (one per person × course) computed from their sources for a few people at a
time: what an event's receiver refreshes inside the transaction that changed the source.

`reports.services.rebuild` computes the same rows for everyone in one statement; a test keeps
the two equal on a varied dataset, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment
from lib.batches import chunks
from quizzes.models import QuizPage, QuizResult
from reports.models import CourseFact
from reports.services.fact_store import REFRESH_CHUNK, store_facts
from reports.services.placements import NOWHERE, month_of, placements
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


def refresh_course_facts(user_ids: Sequence[int], course_ids: Sequence[int] | None = None) -> None:
    """Recompute the course facts of these people (in these courses) from source."""
    with transaction.atomic():
        for chunk in chunks(list(user_ids), REFRESH_CHUNK):
            store_facts(
                CourseFact,
                compute_course_facts(chunk, course_ids),
                user_ids=chunk,
                target="course",
                target_ids=course_ids,
                values=COURSE_FACT_VALUES,
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
