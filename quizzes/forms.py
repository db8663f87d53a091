"""Reading a submitted attempt form into the answers the services expect."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from quizzes import grading
from quizzes.exceptions import UnknownQuestion
from quizzes.selectors import QuestionForm

PREFIX = "q-"


def answers_from_post(post: QueryDict, questions: list[QuestionForm]) -> dict[str, Any]:
    """Answers keyed by attempt question id; a field naming another question is refused."""
    known = {str(q.pk): q for q in questions}
    for name in post:
        if name.startswith(PREFIX) and name[len(PREFIX) :].split("-", 1)[0] not in known:
            raise UnknownQuestion
    answers: dict[str, Any] = {}
    for key, question in known.items():
        name = PREFIX + key
        if question.kind == grading.MULTIPLE:
            answers[key] = post.getlist(name)
        elif question.kind == grading.ORDERING:
            if name in post:
                answers[key] = post.getlist(name)
        elif question.kind == grading.MATCHING:
            answers[key] = {p["id"]: post.get(f"{name}-{p['id']}", "") for p in question.prompts}
        else:
            answers[key] = post.get(name, "")
    return answers
