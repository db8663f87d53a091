"""State changes of quizzes: question versions, starting, answering and submitting attempts.

Every change of an attempt goes through this module. Time is checked on the server only: an
attempt's deadline is the earlier of its time limit and the quiz's closing time. Answers that
arrive more than GRACE after the deadline are refused and the attempt is graded with the
answers saved before it ("graded as at the deadline").
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from courses import services as course_services
from people.models import User
from quizzes import grading, snapshot
from quizzes.exceptions import (
    AttemptClosed,
    AttemptNotFound,
    InvalidAnswer,
    NoAttemptsLeft,
    NotYourAttempt,
    QuizHasNoQuestions,
    QuizNotOpen,
    QuizUnavailable,
    StaleAnswers,
    TimeUp,
    UnknownQuestion,
)
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    Question,
    QuestionVersion,
    QuizPage,
    QuizResult,
    QuizSlot,
    SlotKind,
)
from quizzes.signals import attempt_submitted, quiz_passed, result_changed

# Network latency allowance for answers sent just before the deadline.
GRACE = timedelta(seconds=15)


def local_time(when: datetime) -> str:
    return formats.date_format(timezone.localtime(when), "H:i d/m/Y")


def record_version(question: Question) -> QuestionVersion:
    """The version matching the question's current content, created if the content is new."""
    content = snapshot.question_content(question)
    digest = snapshot.digest_of(content)
    existing = QuestionVersion.objects.filter(question=question, digest=digest).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            latest = QuestionVersion.objects.filter(question=question).aggregate(n=Max("number"))
            return QuestionVersion.objects.create(
                question=question,
                number=(latest["n"] or 0) + 1,
                digest=digest,
                data=snapshot.with_ids(content),
            )
    except IntegrityError:
        # Another request recorded the same content at the same moment.
        return QuestionVersion.objects.get(question=question, digest=digest)


def check_can_take(user: User, quiz: QuizPage, now: datetime) -> None:
    """Raise unless `user` may take `quiz` at `now` (published, enrolled, within its dates)."""
    if not quiz.live or not user.is_authenticated:
        raise QuizUnavailable
    course = course_selectors.course_of(quiz)
    if not course.live or course_selectors.enrolment_of(user, course) is None:
        raise QuizUnavailable
    if quiz.opens_at and now < quiz.opens_at:
        raise QuizNotOpen(_("This quiz opens at %(time)s.") % {"time": local_time(quiz.opens_at)})
    if quiz.closes_at and now >= quiz.closes_at:
        raise QuizNotOpen(_("This quiz closed at %(time)s.") % {"time": local_time(quiz.closes_at)})


def _seen_question_ids(user: User) -> set[int]:
    return set(
        AttemptQuestion.objects.filter(attempt__user=user).values_list(
            "version__question_id", flat=True
        )
    )


def _draw(
    slot: QuizSlot, *, exclude: set[int], seen: set[int], rng: random.Random
) -> list[Question]:
    """`slot.count` active questions of the slot's category and tags, unseen ones first."""
    candidates = Question.objects.filter(category_id=slot.category_id, is_active=True).exclude(
        pk__in=exclude
    )
    for tag in slot.tags.all():
        candidates = candidates.filter(tags=tag)
    pool = list(candidates.distinct())
    unseen = [q for q in pool if q.pk not in seen]
    seen_before = [q for q in pool if q.pk in seen]
    rng.shuffle(unseen)
    rng.shuffle(seen_before)
    return (unseen + seen_before)[: slot.count]


def choose_questions(
    user: User, quiz: QuizPage, rng: random.Random
) -> list[tuple[Question, Decimal | None]]:
    """The questions of a new attempt with each slot's mark override, in slot order."""
    chosen: list[tuple[Question, Decimal | None]] = []
    taken: set[int] = set()
    seen = _seen_question_ids(user)
    slots = list(quiz.slots.select_related("question").order_by("sort_order", "pk"))
    # Fixed questions first, so that a random slot never draws a question placed elsewhere.
    taken.update(s.question_id for s in slots if s.kind == SlotKind.FIXED and s.question_id)
    for slot in slots:
        if slot.kind == SlotKind.FIXED and slot.question is not None:
            if all(q.pk != slot.question.pk for q, _mark in chosen):
                chosen.append((slot.question, slot.mark))
        elif slot.kind == SlotKind.RANDOM and slot.category_id:
            for question in _draw(slot, exclude=taken, seen=seen, rng=rng):
                taken.add(question.pk)
                chosen.append((question, slot.mark))
    return chosen


def _deadline(quiz: QuizPage, started: datetime) -> datetime | None:
    ends = [started + timedelta(minutes=quiz.time_limit_minutes)] if quiz.time_limit_minutes else []
    if quiz.closes_at:
        ends.append(quiz.closes_at)
    return min(ends) if ends else None


def _is_overdue(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def remaining_seconds(attempt: Attempt, now: datetime | None = None) -> int | None:
    """Whole seconds left before the deadline (never negative), or None without a limit."""
    if attempt.deadline is None:
        return None
    left = (attempt.deadline - (now or timezone.now())).total_seconds()
    return max(0, int(left))


def start_attempt(
    user: User, quiz: QuizPage, *, now: datetime | None = None, rng: random.Random | None = None
) -> Attempt:
    """Resume the learner's open attempt, or start a new one if the quiz allows it."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    check_can_take(user, quiz, now)
    with transaction.atomic():
        current = (
            Attempt.objects.select_for_update()
            .filter(quiz=quiz, user=user, state=AttemptState.IN_PROGRESS)
            .first()
        )
        if current is not None:
            if not _is_overdue(current, now):
                return current
            _finish(current, now, timed_out=True)
        used = Attempt.objects.filter(quiz=quiz, user=user).count()
        if quiz.attempts_allowed and used >= quiz.attempts_allowed:
            raise NoAttemptsLeft(count=quiz.attempts_allowed)
        chosen = choose_questions(user, quiz, rng)
        if not chosen:
            raise QuizHasNoQuestions
        if quiz.shuffle_questions:
            rng.shuffle(chosen)
        items = []
        for question, mark in chosen:
            version = record_version(question)
            items.append(
                AttemptQuestion(
                    version=version,
                    mark=mark if mark is not None else question.default_mark,
                    display_order=snapshot.display_order(
                        version.data, shuffle=quiz.shuffle_answers, rng=rng
                    ),
                )
            )
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    quiz=quiz,
                    user=user,
                    number=used + 1,
                    started_at=now,
                    deadline=_deadline(quiz, now),
                    max_score=sum((item.mark for item in items), Decimal(0)),
                )
        except IntegrityError:
            # A second request started the same attempt at the same moment: resume it.
            return Attempt.objects.get(quiz=quiz, user=user, state=AttemptState.IN_PROGRESS)
        for position, item in enumerate(items, start=1):
            item.attempt = attempt
            item.position = position
        AttemptQuestion.objects.bulk_create(items)
    return attempt


def _locked_open_attempt(user: User, attempt_id: int) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update().select_related("quiz").filter(pk=attempt_id).first()
    )
    if attempt is None:
        raise AttemptNotFound
    if attempt.user_id != user.pk:
        raise NotYourAttempt
    if not attempt.is_open:
        if attempt.timed_out and attempt.deadline:
            raise TimeUp(time=local_time(attempt.deadline))
        raise AttemptClosed
    return attempt


def _validated(attempt: Attempt, answers: dict[str, Any]) -> list[tuple[AttemptQuestion, Any]]:
    """Pair each answer with its attempt question, refusing the whole set on any bad entry."""
    items = {str(item.pk): item for item in attempt.items.select_related("version")}
    checked = []
    for key, raw in answers.items():
        item = items.get(str(key))
        if item is None:
            raise UnknownQuestion
        try:
            response = grading.normalise_response(item.version.data, raw)
        except grading.InvalidResponse as exc:
            raise InvalidAnswer(position=item.position) from exc
        checked.append((item, response))
    return checked


def _store(checked: list[tuple[AttemptQuestion, Any]], now: datetime) -> None:
    for item, response in checked:
        if item.response != response:
            item.response = response
            item.answered_at = now
            item.save(update_fields=["response", "answered_at"])


@dataclass(frozen=True)
class Saved:
    seq: int
    saved_at: datetime
    remaining_seconds: int | None


def save_answers(
    user: User,
    attempt_id: int,
    answers: dict[str, Any],
    *,
    seq: int | None = None,
    now: datetime | None = None,
) -> Saved:
    """Autosave: store answers of the learner's own open attempt, keyed by attempt question id.

    `seq` numbers saves from one page; a save whose seq is not above the last accepted one is a
    replay or arrived out of order, and is refused. Nothing is stored if any answer is invalid.
    """
    now = now or timezone.now()
    timed_out: Attempt | None = None
    with transaction.atomic():
        attempt = _locked_open_attempt(user, attempt_id)
        if _is_overdue(attempt, now):
            _finish(attempt, now, timed_out=True)
            timed_out = attempt
        else:
            if seq is not None and seq <= attempt.last_seq:
                raise StaleAnswers
            _store(_validated(attempt, answers), now)
            if seq is not None:
                attempt.last_seq = seq
                attempt.save(update_fields=["last_seq"])
    if timed_out is not None:
        raise TimeUp(time=local_time(timed_out.deadline or now))
    return Saved(attempt.last_seq, now, remaining_seconds(attempt, now))


def unanswered_count(attempt: Attempt, answers: dict[str, Any]) -> int:
    """How many questions of `attempt` the final `answers` leave blank.

    A question absent from `answers` keeps its saved response; an answer that cannot be read
    counts as given, since submitting it is refused anyway.
    """
    blank = 0
    for item in attempt.items.select_related("version"):
        raw = answers.get(str(item.pk), item.response)
        try:
            response = grading.normalise_response(item.version.data, raw)
        except grading.InvalidResponse:
            continue
        blank += response is None
    return blank


def attempts_left(attempt: Attempt) -> int | None:
    """Attempts the learner still has once `attempt` is submitted; None when unlimited."""
    allowed = attempt.quiz.attempts_allowed
    return max(allowed - attempt.number, 0) if allowed else None


def needs_confirmation(
    attempt: Attempt, answers: dict[str, Any], *, now: datetime | None = None
) -> int:
    """Blank questions the learner must confirm before submitting; 0 when none is needed.

    An attempt whose time is up is graded without asking: there is nothing left to answer.
    """
    if not attempt.is_open or remaining_seconds(attempt, now) == 0:
        return 0
    return unanswered_count(attempt, answers)


def submit_attempt(
    user: User,
    attempt_id: int,
    answers: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> Attempt:
    """Store the final answers, grade the attempt and close it. A second submit is refused.

    After the deadline (plus GRACE) the answers sent are refused with TimeUp, and the attempt
    is graded with the answers saved before the deadline.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_open_attempt(user, attempt_id)
        late = _is_overdue(attempt, now)
        if not late:
            _store(_validated(attempt, answers or {}), now)
        _finish(attempt, now, timed_out=late)
    if late and answers:
        raise TimeUp(time=local_time(attempt.deadline or now))
    return attempt


def finish_overdue_attempts(
    *, quiz: QuizPage | None = None, user: User | None = None, now: datetime | None = None
) -> int:
    """Grade every open attempt whose deadline has passed (closed tabs, lost connections)."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=now - GRACE)
    if quiz is not None:
        overdue = overdue.filter(quiz=quiz)
    if user is not None:
        overdue = overdue.filter(user=user)
    finished = 0
    for attempt_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt_id)
            if attempt.is_open and _is_overdue(attempt, now):
                _finish(attempt, now, timed_out=True)
                finished += 1
    return finished


def _finish(attempt: Attempt, now: datetime, *, timed_out: bool) -> None:
    """Grade a locked open attempt, close it and update the learner's quiz result."""
    total = Decimal(0)
    items = list(attempt.items.select_related("version"))
    for item in items:
        outcome = grading.grade(item.version.data, item.response)
        item.fraction = float(outcome.fraction)
        item.score = grading.score_of(item.mark, outcome.fraction)
        total += item.score
    # One UPDATE for the whole attempt, not one per question (the submit path under load).
    AttemptQuestion.objects.bulk_update(items, ["fraction", "score"])
    quiz = attempt.quiz
    attempt.score = total
    attempt.percent = grading.percent_of(total, attempt.max_score)
    attempt.passed = attempt.percent >= quiz.pass_mark
    attempt.state = AttemptState.FINISHED
    attempt.timed_out = timed_out
    attempt.submitted_at = min(now, attempt.deadline) if timed_out and attempt.deadline else now
    attempt.save(update_fields=["score", "percent", "passed", "state", "timed_out", "submitted_at"])
    _update_result(attempt, now)
    transaction.on_commit(lambda: attempt_submitted.send(sender=Attempt, attempt=attempt))


def _update_result(attempt: Attempt, now: datetime) -> QuizResult:
    quiz = attempt.quiz
    user = attempt.user
    result, _created = QuizResult.objects.select_for_update().get_or_create(quiz=quiz, user=user)
    percents = [
        p
        for p in Attempt.objects.filter(quiz=quiz, user=user, state=AttemptState.FINISHED)
        .order_by("number")
        .values_list("percent", flat=True)
        if p is not None
    ]
    result.percent = grading.overall_grade(quiz.grading_method, percents) or Decimal(0)
    result.attempts = len(percents)
    newly_passed = result.passed_at is None and result.percent >= quiz.pass_mark
    if newly_passed:
        result.passed_at = now
    result.save()
    result_changed.send(sender=QuizResult, quiz_id=quiz.pk, user_id=user.pk)
    if newly_passed:
        # Not enrolled any more, or the course was withdrawn: the pass is still recorded.
        with contextlib.suppress(course_services.CourseNotAvailable):
            course_services.complete_lesson(user, quiz)
        transaction.on_commit(
            lambda: quiz_passed.send(
                sender=QuizResult, user=user, quiz=quiz, attempt=attempt, result=result
            )
        )
    return result
