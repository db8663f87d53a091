"""The question editor's form: checks that the answers fit the question type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.models import QuestionKind


def _rows(formset: Any, *required: str) -> list[dict[str, Any]]:
    """The cleaned rows of an inline formset that are kept and filled in."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not all(data.get(name) for name in required):
            continue
        rows.append(data)
    return rows


def answer_problems(kind: str, formsets: dict[str, Any]) -> list[str]:
    """What is missing for a question of `kind` to be answerable and gradable."""
    problems = []
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = _rows(formsets["choices"], "text")
        correct = [row for row in choices if row.get("is_correct")]
        if len(choices) < 2:
            problems.append(_("Add at least two options."))
        if kind == QuestionKind.SINGLE and len(correct) != 1:
            problems.append(_("A single-choice question needs exactly one correct option."))
        if kind == QuestionKind.MULTIPLE and not correct:
            problems.append(_("Mark at least one option as correct."))
    elif kind == QuestionKind.SHORT:
        if not _rows(formsets["accepted_answers"], "text"):
            problems.append(_("Add at least one accepted answer."))
    elif kind == QuestionKind.MATCHING:
        if len(_rows(formsets["pairs"], "prompt", "match")) < 2:
            problems.append(_("Add at least two pairs with a prompt and a match."))
    elif kind == QuestionKind.ORDERING and len(_rows(formsets["order_items"], "text")) < 2:
        problems.append(_("Add at least two items to put in order."))
    return problems


class QuestionForm(WagtailAdminModelForm):
    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        problems = answer_problems(self.cleaned_data.get("kind", ""), self.formsets)
        for problem in problems:
            self.add_error(None, problem)
        return not problems
