"""Read queries for training pages, the API and exports; scope is applied here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from courses.models import Field
from lib.ranking import by_relevance, weighted
from lib.text import fold
from people.models import Province, StaffProfile, User
from people.roles import Role, has_role
from quizzes.models import QuizResult
from training.access import can_run_sessions
from training.models import (
    LISTED_STATUSES,
    OPEN_STATUSES,
    Attendance,
    Part,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationBatch,
    RegistrationStatus,
    Session,
    SessionStatus,
    WalkIn,
)


def with_dates(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate each session with `first_start` and `last_end` from its parts."""
    return sessions.annotate(first_start=Min("parts__starts_at"), last_end=Max("parts__ends_at"))


def _invited_filter(user: User) -> Q:
    provinces = Session.invited_provinces.through.objects.filter(session_id=OuterRef("pk"))
    units = Session.invited_units.through.objects.filter(session_id=OuterRef("pk"))
    open_to_all = ~Exists(provinces) & ~Exists(units)
    profile = StaffProfile.objects.filter(user=user).select_related("unit").first()
    if profile is None:
        return open_to_all
    unit = profile.unit
    unit_ids = [unit.pk] + ([unit.parent_id] if unit.parent_id else [])
    return (
        open_to_all
        | Exists(provinces.filter(province_id=unit.province_id))
        | Exists(units.filter(unit_id__in=unit_ids))
    )


def upcoming_sessions(
    user: User | AnonymousUser, *, now: datetime.datetime | None = None
) -> QuerySet[Session]:
    """Sessions still to come that the viewer may attend (all of them for trainers)."""
    now = now or timezone.now()
    sessions = with_dates(
        Session.objects.filter(status__in=(SessionStatus.OPEN, SessionStatus.CLOSED))
    ).filter(last_end__gte=now)
    if not can_run_sessions(user):
        if not user.is_authenticated:
            return sessions.none()
        sessions = sessions.filter(_invited_filter(user))  # type: ignore[arg-type]
    return (
        sessions.select_related("organiser")
        .prefetch_related("fields")
        .order_by("first_start", "pk")
    )


def session_for(user: User | AnonymousUser, pk: int) -> Session:
    """A session the viewer may open: drafts and cancelled ones only for trainers."""
    sessions = Session.objects.select_related("organiser", "course", "quiz")
    if not can_run_sessions(user):
        sessions = sessions.filter(status__in=(*LISTED_STATUSES, SessionStatus.CANCELLED))
    session = sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def part_for(pk: int) -> Part:
    part = Part.objects.select_related("session").filter(pk=pk).first()
    if part is None:
        raise Http404
    return part


def parts_of(session: Session) -> list[Part]:
    return list(Part.objects.filter(session=session).order_by("starts_at", "sort_order"))


def registration_of(user: User | AnonymousUser, session: Session) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=user).first()


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def seats_taken(session: Session) -> int:
    return Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).count()


def my_registrations(user: User) -> QuerySet[Registration]:
    """The learner's own registrations, most recent sessions first."""
    return (
        Registration.objects.filter(
            user=user, session__status__in=(*LISTED_STATUSES, SessionStatus.CANCELLED)
        )
        .select_related("session")
        .annotate(
            first_start=Min("session__parts__starts_at"), last_end=Max("session__parts__ends_at")
        )
        .order_by("-first_start", "-pk")
    )


def my_attendance(user: User, session: Session) -> dict[int, Attendance]:
    return {a.part_id: a for a in Attendance.objects.filter(part__session=session, user=user)}


@dataclass(frozen=True)
class RosterRow:
    registration: Registration
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""


def roster(part: Part, *, query: str = "") -> list[RosterRow]:
    """Confirmed participants of the part's session with their mark for this part."""
    registrations = (
        Registration.objects.filter(session_id=part.session_id, status=RegistrationStatus.CONFIRMED)
        .select_related("user__profile__unit__province")
        .order_by("user__profile__unit__name", "user__profile__folded_name", "pk")
    )
    for word in fold(query).split():
        registrations = registrations.filter(user__profile__folded_name__contains=word)
    marks = {a.user_id: a for a in Attendance.objects.filter(part=part, user__isnull=False)}
    return [RosterRow(r, marks.get(r.user_id)) for r in registrations]


def walk_ins_of(session: Session) -> list[WalkIn]:
    return list(
        WalkIn.objects.filter(session=session)
        .select_related("unit", "linked_user__profile")
        .prefetch_related("attendances__part")
    )


def walk_in_candidates(walk_in: WalkIn) -> list[StaffProfile]:
    """Accounts that may be this walk-in: same e-mail, or same name (in the same unit first)."""
    found = StaffProfile.objects.filter(user__is_active=True).select_related("unit", "user")
    matches = Q(folded_name=walk_in.folded_name)
    if walk_in.email:
        matches |= Q(user__email__iexact=walk_in.email)
    candidates = list(found.filter(matches)[:20])
    candidates.sort(key=lambda p: (p.unit_id != walk_in.unit_id, p.folded_name))
    return candidates


def passed_quiz_user_ids(session: Session) -> set[int]:
    """People who passed the session's quiz (quizzes.QuizResult with a pass time)."""
    if session.quiz_id is None:
        return set()
    return set(
        QuizResult.objects.filter(quiz_id=session.quiz_id, passed_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def session_questions(session: Session, *, user: User | AnonymousUser) -> QuerySet[Question]:
    """Open and answered questions of a session, most voted first."""
    return (
        Question.objects.filter(session=session)
        .exclude(status=QuestionStatus.REJECTED)
        .select_related("field", "task", "assigned_unit", "author__profile__unit")
        .order_by("-vote_count", "created_at")
    )


def host_questions(session: Session) -> QuerySet[Question]:
    """What the host reads out: open questions by votes."""
    return (
        Question.objects.filter(session=session, status__in=OPEN_STATUSES)
        .select_related("field", "assigned_unit", "author__profile__unit")
        .order_by("-vote_count", "created_at")
    )


def voted_ids(user: User | AnonymousUser, questions: list[Question]) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        QuestionVote.objects.filter(user=user, question__in=questions).values_list(
            "question_id", flat=True
        )
    )


def sessions_to_ask_about(user: User | AnonymousUser) -> QuerySet[Session]:
    """Sessions a question from the main Q&A page may be tied to: listed ones the viewer sees."""
    sessions = Session.objects.filter(status__in=LISTED_STATUSES)
    if not can_run_sessions(user):
        if not user.is_authenticated:
            return sessions.none()
        sessions = sessions.filter(_invited_filter(user))  # type: ignore[arg-type]
    return sessions.order_by("-created_at", "-pk")


def questions_to_moderate() -> QuerySet[Question]:
    """Questions asked outside any session that still wait for a moderator."""
    return (
        Question.objects.filter(session__isnull=True, status__in=OPEN_STATUSES)
        .select_related("field", "task", "assigned_unit", "author__profile__unit")
        .order_by("-vote_count", "created_at")
    )


def _sessions_for_some_provinces() -> QuerySet[Session]:
    """Sessions not open to every province: inviting some provinces, or only some units."""
    provinces = Province.objects.count()
    invited = Session.objects.annotate(
        provinces=Count("invited_provinces", distinct=True),
        units=Count("invited_units", distinct=True),
    )
    return invited.filter(Q(provinces__gt=0, provinces__lt=provinces) | Q(provinces=0, units__gt=0))


def faq(*, field: Field | None = None, query: str = "") -> QuerySet[Question]:
    """Answered questions anyone may read, searchable accent-insensitively, optionally in one
    field. A session open only to some provinces or units keeps its Q&A to itself: another
    province's staff never read it here, nor in the assistant that quotes this FAQ."""
    restricted = _sessions_for_some_provinces()
    answered = (
        Question.objects.filter(status=QuestionStatus.ANSWERED)
        .exclude(session__in=restricted)
        .select_related("field", "task", "assigned_unit", "session")
    )
    if field is not None:
        answered = answered.filter(field=field)
    for word in fold(query).split():
        answered = answered.filter(folded_text__contains=word)
    return answered.order_by("field__sort_order", "-vote_count", "-answered_at")


def _faq_tokens(question: Question) -> list[str]:
    # The question counts twice, as a lesson's title does for the assistant.
    return weighted((question.text, 2), (question.answer, 1))


def search_faq(*, field: Field | None = None, query: str = "", limit: int = 200) -> list[Question]:
    """The FAQ as listed for a search: with a query, most relevant first by the assistant's
    ranking (lib.ranking), ties in FAQ order."""
    found = list(faq(field=field, query=query))
    if fold(query):
        found = by_relevance(query, found, _faq_tokens)
    return found[:limit]


def questions_to_answer(user: User) -> QuerySet[Question]:
    """Questions assigned to the unit the person works in (all assigned ones for admins)."""
    assigned = Question.objects.filter(status=QuestionStatus.ASSIGNED).select_related(
        "field", "session", "assigned_unit"
    )
    if has_role(user, Role.MINISTRY_ADMIN):
        return assigned.order_by("-vote_count", "created_at")
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is None:
        return assigned.none()
    return assigned.filter(assigned_unit_id=profile.unit_id).order_by("-vote_count", "created_at")


def undoable_registration_batches(user: User, session: Session) -> list[RegistrationBatch]:
    """The viewer's bulk registrations for `session` that can still be undone today."""
    return list(RegistrationBatch.objects.undoable_by(user.pk).filter(session=session))
