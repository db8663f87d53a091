"""Questions and answers: ask, upvote, assign to the responsible unit, answer, publish."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import DecentralisedTask, Field
from lib.text import clean_text
from people.models import Unit, User
from training.access import can_answer_for, can_moderate
from training.errors import NotAllowed, QuestionRefused
from training.models import (
    OPEN_STATUSES,
    Question,
    QuestionStatus,
    QuestionVote,
    Session,
    SessionStatus,
)
from training.signals import answer_published

MIN_QUESTION_LENGTH = 10
MAX_QUESTION_LENGTH = 2000
MAX_ANSWER_LENGTH = 10_000
MINISTRY_KINDS = (Unit.Kind.MINISTRY, Unit.Kind.MINISTRY_UNIT)


def ask_question(
    author: User,
    session: Session | None,
    *,
    field: Field,
    text: str,
    task: DecentralisedTask | None = None,
    suggested_unit: Unit | None = None,
) -> Question:
    """A staff member asks a question, for a session or not, tagged by field (and a task).

    Either way it waits for a moderator, who assigns it to the responsible unit; a
    `suggested_unit` (guessed by the assistant) is preselected for the moderator to confirm.
    """
    if session is not None and session.status in (SessionStatus.DRAFT, SessionStatus.CANCELLED):
        raise QuestionRefused(_("This session does not take questions."))
    text = clean_text(text)
    if len(text) < MIN_QUESTION_LENGTH:
        raise QuestionRefused(
            _("Write your question in at least %(count)s characters.")
            % {"count": MIN_QUESTION_LENGTH}
        )
    if len(text) > MAX_QUESTION_LENGTH:
        raise QuestionRefused(
            _("Keep your question under %(count)s characters.") % {"count": MAX_QUESTION_LENGTH}
        )
    if task is not None and task.field_id != field.pk:
        raise QuestionRefused(_("The task chosen belongs to another field."))
    if suggested_unit is not None and suggested_unit.kind not in MINISTRY_KINDS:
        suggested_unit = None
    return Question.objects.create(
        session=session,
        author=author,
        field=field,
        task=task,
        text=text,
        assigned_unit=suggested_unit,
    )


def _recount(question: Question) -> Question:
    question.vote_count = QuestionVote.objects.filter(question=question).count()
    question.save(update_fields=["vote_count"])
    return question


def upvote(user: User, question: Question) -> Question:
    """Add the person's vote; voting twice counts once."""
    if question.author_id == user.pk:
        raise QuestionRefused(_("You cannot vote for your own question."))
    if not question.is_open:
        raise QuestionRefused(_("Votes are closed for this question."))
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        try:
            with transaction.atomic():
                QuestionVote.objects.create(question=question, user=user)
        except IntegrityError:
            return question
        return _recount(question)


def withdraw_vote(user: User, question: Question) -> Question:
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        QuestionVote.objects.filter(question=question, user=user).delete()
        return _recount(question)


def assign_question(moderator: User, question: Question, unit: Unit) -> Question:
    """A moderator sends the question to the ministry unit responsible for answering it."""
    if not can_moderate(moderator):
        raise NotAllowed(_("Only trainers and ministry admins moderate questions."))
    if unit.kind not in MINISTRY_KINDS:
        raise QuestionRefused(_("Questions are assigned to a unit of the ministry."))
    if question.status == QuestionStatus.ANSWERED:
        raise QuestionRefused(_("This question is already answered."))
    question.assigned_unit = unit
    question.assigned_by = moderator
    question.assigned_at = timezone.now()
    question.status = QuestionStatus.ASSIGNED
    question.save()
    return question


def answer_question(actor: User, question: Question, text: str) -> Question:
    """The responsible unit answers; the answer is published at once and joins the FAQ."""
    if question.status == QuestionStatus.REJECTED:
        raise QuestionRefused(_("This question is not published."))
    if question.assigned_unit is None or question.status == QuestionStatus.OPEN:
        # A unit suggested when the question was asked answers only once a moderator confirms.
        raise QuestionRefused(_("Assign the question to a unit first."))
    if not can_answer_for(actor, question.assigned_unit):
        raise NotAllowed(_("Only the unit the question is assigned to may answer it."))
    text = (text or "").strip()
    if len(text) < MIN_QUESTION_LENGTH:
        raise QuestionRefused(_("Write an answer."))
    if len(text) > MAX_ANSWER_LENGTH:
        raise QuestionRefused(
            _("Keep the answer under %(count)s characters.") % {"count": MAX_ANSWER_LENGTH}
        )
    question.answer = text
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    with transaction.atomic():
        question.save()
        answer_published.send(sender=Question, question=question)
    return question


def reject_question(moderator: User, question: Question) -> Question:
    """Keep a duplicate or off-topic question out of the lists."""
    if not can_moderate(moderator):
        raise NotAllowed(_("Only trainers and ministry admins moderate questions."))
    if question.status not in OPEN_STATUSES:
        raise QuestionRefused(_("Only open questions can be set aside."))
    question.status = QuestionStatus.REJECTED
    question.save(update_fields=["status"])
    return question
