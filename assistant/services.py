"""Answer a staff member's question from published content, log it, and escalate it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from assistant import search
from assistant.models import AskedQuestion, Passage, PassageKind
from assistant.passages import visible_answers, visible_lessons
from courses.models import CoursePage, DecentralisedTask, Field
from lib.text import clean_text, fold
from people.models import StaffProfile, Unit, User
from training import services as training_services
from training.models import Question

MIN_LENGTH = 3
MAX_LENGTH = 500
# How much of a question the views read: well past the limit, so a long question cut here
# is still refused as too long (a cut at MAX_LENGTH + 1 that lands on a space is not).
READ_LIMIT = 2 * MAX_LENGTH


class QuestionRefused(Exception):
    """The question cannot be asked as typed; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Answer:
    passage: Passage
    score: float
    pieces: list[search.Piece]
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class Result:
    question: str
    answers: list[Answer]
    answered: bool
    field: Field | None
    task: DecentralisedTask | None
    log: AskedQuestion | None


def clean_question(text: str | None) -> str:
    """The question in NFC, or a refusal when it is empty, too long or has no words."""
    text = clean_text((text or "").replace("\x00", ""))
    if len(text) > MAX_LENGTH:
        raise QuestionRefused(
            _("Keep your question under %(count)s characters.") % {"count": MAX_LENGTH}
        )
    if len(fold(text)) < MIN_LENGTH or not search.tokens(text):
        raise QuestionRefused(_("Type a question in a few words, e.g. who grants this licence."))
    return text


def _visible(found: list[Passage]) -> list[Passage]:
    """Drop passages whose source stopped being public since they were indexed."""
    lesson_ids = {p.source_id for p in found if p.kind == PassageKind.LESSON}
    answer_ids = {p.source_id for p in found if p.kind == PassageKind.FAQ}
    live = set(visible_lessons().filter(pk__in=lesson_ids).values_list("pk", flat=True))
    answered = set(visible_answers().filter(pk__in=answer_ids).values_list("pk", flat=True))
    return [
        p
        for p in found
        if p.kind == PassageKind.TASK
        or (p.kind == PassageKind.LESSON and p.source_id in live)
        or (p.kind == PassageKind.FAQ and p.source_id in answered)
    ]


def find_answers(question: str, *, field: Field | None = None) -> tuple[list[Answer], bool]:
    """The best passages (at most five) with their answering sentences marked, and whether the
    best is good enough to count as an answer."""
    index = search.ranking()
    scored = search.rank(question, field_id=field.pk if field else None, index=index)
    by_id = Passage.objects.select_related("field").in_bulk([s.passage_id for s in scored])
    scores = {s.passage_id: s for s in scored}
    ordered = _visible([by_id[s.passage_id] for s in scored if s.passage_id in by_id])
    ordered = ordered[: search.MAX_ANSWERS]
    if not ordered:
        return [], False
    best = scores[ordered[0].pk]
    answers = []
    for passage in ordered:
        score = scores[passage.pk].score
        if score < best.score * search.RELATIVE_FLOOR:
            break
        pieces, before, after = search.highlight(passage.text, question, index=index)
        answers.append(Answer(passage, score, pieces, before, after))
    return answers, search.is_answer(best)


def _best_task(answers: list[Answer]) -> DecentralisedTask | None:
    for answer in answers:
        if answer.passage.kind == PassageKind.TASK:
            return DecentralisedTask.objects.filter(pk=answer.passage.source_id).first()
    return None


def _province_id(user: User | AnonymousUser) -> int | None:
    if not user.is_authenticated:
        return None
    return (
        StaffProfile.objects.filter(user=user).values_list("unit__province_id", flat=True).first()
    )


def ask(user: User | AnonymousUser, text: str | None, *, field: Field | None = None) -> Result:
    """Answer `text` from published content and log the question for managers."""
    question = clean_question(text)
    answers, answered = find_answers(question, field=field)
    guessed = field or (answers[0].passage.field if answers else None)
    log = AskedQuestion.objects.create(
        text=question,
        folded=fold(question),
        asker=user if user.is_authenticated else None,
        province_id=_province_id(user),
        field=guessed,
        top_score=answers[0].score if answers else 0.0,
        answered=answered,
    )
    return Result(question, answers, answered, guessed, _best_task(answers), log)


def responsible_unit(field: Field | None) -> Unit | None:
    """The ministry unit that owns the field's published courses: who answers for it."""
    if field is None:
        return None
    course = (
        CoursePage.objects.live()
        .filter(field=field, owner_unit__kind__in=[Unit.Kind.MINISTRY, Unit.Kind.MINISTRY_UNIT])
        .select_related("owner_unit")
        .order_by("path")
        .first()
    )
    return course.owner_unit if course else None


@dataclass(frozen=True)
class Draft:
    """What the escalation form starts from."""

    text: str
    field: Field | None
    task: DecentralisedTask | None
    unit: Unit | None


def draft_escalation(text: str | None, *, field: Field | None = None) -> Draft:
    """Guess the field, task and responsible unit for a question the assistant did not answer."""
    question = clean_question(text)
    answers, _answered = find_answers(question, field=field)
    task = _best_task(answers)
    guessed = (
        field or (task.field if task else None) or (answers[0].passage.field if answers else None)
    )
    if task is not None and guessed is not None and task.field_id != guessed.pk:
        task = None
    return Draft(question, guessed, task, responsible_unit(task.field if task else guessed))


def escalate(
    user: User,
    text: str,
    *,
    field: Field,
    task: DecentralisedTask | None = None,
    log_id: int | None = None,
) -> Question:
    """Send the question into the Q&A flow, with the guessed unit for a moderator to confirm."""
    question = training_services.ask_question(
        user,
        None,
        field=field,
        text=text,
        task=task,
        suggested_unit=responsible_unit(field),
    )
    if log_id is not None:
        AskedQuestion.objects.filter(pk=log_id, asker=user).update(escalated=True)
    return question
