"""Read queries for quiz pages, attempts, reviews and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from people.roles import Role, has_role
from people.scope import Reach, scope_of, scope_to
from quizzes import grading, services, snapshot
from quizzes.exceptions import NotYourAttempt, QuizError
from quizzes.models import Attempt, AttemptQuestion, AttemptState, QuizPage, QuizResult, SlotKind


def question_count(quiz: QuizPage) -> int:
    """How many questions an attempt holds (random slots may hold fewer if the bank is short)."""
    total = 0
    for slot in quiz.slots.all():
        total += 1 if slot.kind == SlotKind.FIXED else slot.count
    return total


def attempts_of(user: User | AnonymousUser, quiz: QuizPage) -> QuerySet[Attempt]:
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(quiz=quiz, user=user).order_by("number")


def start_refusal(user: User | AnonymousUser, quiz: QuizPage, now: datetime) -> str | None:
    """Why `user` cannot start or resume an attempt now, or None if they can."""
    if not user.is_authenticated:
        return _("Log in to take this quiz.")
    try:
        services.check_can_take(user, quiz, now)  # type: ignore[arg-type]
    except QuizError as exc:
        return exc.message
    attempts = attempts_of(user, quiz)
    if (
        quiz.attempts_allowed
        and not attempts.filter(state=AttemptState.IN_PROGRESS).exists()
        and attempts.count() >= quiz.attempts_allowed
    ):
        return _("You have used all %(count)s attempts allowed for this quiz.") % {
            "count": quiz.attempts_allowed
        }
    return None


def quiz_overview(quiz: QuizPage, user: User | AnonymousUser) -> dict[str, Any]:
    """What the quiz page shows: settings, the viewer's attempts, grade and what they may do."""
    now = timezone.now()
    attempts = list(attempts_of(user, quiz))
    result = (
        QuizResult.objects.filter(quiz=quiz, user=user).first() if user.is_authenticated else None
    )
    used = len(attempts)
    return {
        "question_count": question_count(quiz),
        "attempts": attempts,
        "open_attempt": next((a for a in attempts if a.is_open), None),
        "result": result,
        "attempts_left": max(quiz.attempts_allowed - used, 0) if quiz.attempts_allowed else None,
        "start_refusal": start_refusal(user, quiz, now),
        "marks_visible": review_options(quiz, now).marks,
        "can_see_statistics": can_view_statistics(user, quiz),
    }


def own_attempt(user: User | AnonymousUser, quiz: QuizPage, attempt_id: int) -> Attempt | None:
    """The attempt of this quiz with this id if it is the viewer's; None if there is none.

    Raises NotYourAttempt when it belongs to someone else.
    """
    attempt = Attempt.objects.filter(quiz=quiz, pk=attempt_id).select_related("quiz").first()
    if attempt is None:
        return None
    if not user.is_authenticated or attempt.user_id != user.pk:
        raise NotYourAttempt
    return attempt


@dataclass(frozen=True)
class QuestionForm:
    """A question as the learner's browser receives it: no correct answer, no feedback."""

    pk: int
    position: int
    kind: str
    text: str
    mark: Decimal
    options: list[dict[str, Any]] = field(default_factory=list)
    prompts: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    response: Any = None

    @property
    def chosen(self) -> list[str]:
        if isinstance(self.response, str):
            return [self.response]
        return self.response if isinstance(self.response, list) else []

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "position": self.position,
            "kind": self.kind,
            "text": self.text,
            "mark": str(self.mark),
            "options": self.options,
            "prompts": self.prompts,
            "matches": self.matches,
            "items": self.items,
            "response": self.response,
        }


def _items(attempt: Attempt) -> QuerySet[AttemptQuestion]:
    return attempt.items.select_related("version").order_by("position")


def attempt_questions(attempt: Attempt) -> list[QuestionForm]:
    """The attempt's questions in order, with the learner's saved answers filled in."""
    forms = []
    for item in _items(attempt):
        public = snapshot.public_question(item.version.data, item.display_order)
        items = public.get("items", [])
        if public["kind"] == grading.ORDERING and isinstance(item.response, list):
            by_id = {entry["id"]: entry for entry in items}
            items = [by_id[i] for i in item.response if i in by_id]
        prompts = public.get("prompts", [])
        if isinstance(item.response, dict):
            prompts = [{**p, "chosen": item.response.get(p["id"], "")} for p in prompts]
        if public["kind"] == grading.TRUE_FALSE:
            labels = {"true": _("True"), "false": _("False")}
            public["options"] = [
                {"id": o["id"], "text": labels[o["id"]]} for o in public["options"]
            ]
        forms.append(
            QuestionForm(
                pk=item.pk,
                position=item.position,
                kind=public["kind"],
                text=public["text"],
                mark=item.mark,
                options=public.get("options", []),
                prompts=prompts,
                matches=public.get("matches", []),
                items=items,
                response=item.response,
            )
        )
    return forms


@dataclass(frozen=True)
class ReviewOptions:
    marks: bool
    correct: bool
    feedback: bool


def review_options(quiz: QuizPage, now: datetime) -> ReviewOptions:
    """What a finished attempt shows: the "after close" set once the quiz has closed."""
    if quiz.closes_at and now >= quiz.closes_at:
        return ReviewOptions(
            quiz.review_marks_after_close,
            quiz.review_correct_after_close,
            quiz.review_feedback_after_close,
        )
    return ReviewOptions(
        quiz.review_marks_after_submit,
        quiz.review_correct_after_submit,
        quiz.review_feedback_after_submit,
    )


@dataclass(frozen=True)
class ReviewRow:
    position: int
    kind: str
    text: str
    your_answer: list[str]
    mark: Decimal
    score: Decimal | None
    state: str  # "correct", "partial", "wrong" or "blank"
    correct_answer: list[str]
    feedback: list[str]


def _answer_in_words(data: dict[str, Any], response: Any) -> list[str]:
    kind = data["kind"]
    if response is None:
        return []
    if kind == grading.TRUE_FALSE:
        return [_("True") if response == "true" else _("False")]
    if kind in (grading.SINGLE, grading.MULTIPLE):
        chosen = response if isinstance(response, list) else [response]
        return [o["text"] for o in data["options"] if o["id"] in chosen]
    if kind == grading.SHORT:
        return [str(response)]
    if kind == grading.MATCHING:
        matches = {m["id"]: m["text"] for m in data["matches"]}
        return [
            f"{p['text']} → {matches.get(response.get(p['id'], ''), '—')}" for p in data["prompts"]
        ]
    if kind == grading.ORDERING:
        texts = {item["id"]: item["text"] for item in data["items"]}
        return [texts[i] for i in response if i in texts]
    return []


def _state(item: AttemptQuestion) -> str:
    if item.response is None:
        return "blank"
    if item.fraction is None or item.fraction <= 0:
        return "wrong"
    return "correct" if item.fraction >= 1 else "partial"


@dataclass(frozen=True)
class Review:
    attempt: Attempt
    options: ReviewOptions
    rows: list[ReviewRow]


def attempt_review(attempt: Attempt, now: datetime | None = None) -> Review:
    """A finished attempt as its learner may see it under the quiz's review options."""
    options = review_options(attempt.quiz, now or timezone.now())
    rows = []
    for item in _items(attempt):
        data = item.version.data
        feedback: list[str] = []
        correct: list[str] = []
        if options.feedback:
            feedback = grading.grade(data, item.response).feedback
            if data.get("general_feedback"):
                feedback = [*feedback, data["general_feedback"]]
        if options.correct:
            correct = snapshot.correct_answer_text(data)
            if data["kind"] == grading.TRUE_FALSE:
                correct = [_("True") if c == "true" else _("False") for c in correct]
        rows.append(
            ReviewRow(
                position=item.position,
                kind=data["kind"],
                text=data["text"],
                your_answer=_answer_in_words(data, item.response),
                mark=item.mark,
                score=item.score if options.marks else None,
                state=_state(item) if options.marks else "",
                correct_answer=correct,
                feedback=feedback,
            )
        )
    return Review(attempt, options, rows)


def can_view_statistics(viewer: User | AnonymousUser, quiz: QuizPage) -> bool:
    """Ministry admins, province managers, and trainers who may edit the quiz."""
    if not viewer.is_authenticated:
        return False
    if has_role(viewer, Role.MINISTRY_ADMIN) or has_role(viewer, Role.PROVINCE_MANAGER):
        return True
    return has_role(viewer, Role.TRAINER) and bool(quiz.permissions_for_user(viewer).can_edit())


def statistics_attempts(viewer: User | AnonymousUser, quiz: QuizPage) -> QuerySet[Attempt]:
    """Finished attempts that the viewer's statistics and exports cover.

    A province manager sees only their province's staff; a trainer who may edit the quiz sees
    every learner, because the statistics judge the trainer's own questions.
    """
    attempts = Attempt.objects.filter(quiz=quiz, state=AttemptState.FINISHED)
    if scope_of(viewer).reach is Reach.SELF and can_view_statistics(viewer, quiz):
        return attempts
    return scope_to(viewer, attempts, province="user__profile__unit__province", person="user")


def attempt_export_rows(attempts: QuerySet[Attempt]) -> QuerySet[Attempt]:
    return attempts.select_related("user__profile__unit__province").order_by(
        "user__profile__unit__province__name", "user__profile__full_name", "number"
    )
