"""Trainer and manager statistics of a quiz, and their exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from quizzes import exports, selectors, services
from quizzes.models import QuizPage
from quizzes.statistics import quiz_statistics


def _quiz_for(request: HttpRequest, quiz_id: int) -> QuizPage:
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    if not selectors.can_view_statistics(request.user, quiz):
        raise PermissionDenied
    # Attempts left open past their deadline count once graded.
    services.finish_overdue_attempts(quiz=quiz)
    return quiz


@login_required
def statistics(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz_for(request, quiz_id)
    report = quiz_statistics(selectors.statistics_attempts(request.user, quiz))
    return render(request, "quizzes/statistics.html", {"quiz": quiz, "report": report})


@login_required
def export_attempts_csv(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz_for(request, quiz_id)
    attempts = selectors.attempt_export_rows(selectors.statistics_attempts(request.user, quiz))
    return exports.csv_response(f"luot-lam-bai-{quiz.slug}.csv", exports.attempts_table(attempts))


@login_required
def export_questions_csv(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz_for(request, quiz_id)
    report = quiz_statistics(selectors.statistics_attempts(request.user, quiz))
    return exports.csv_response(f"cau-hoi-{quiz.slug}.csv", exports.questions_table(report))


@login_required
def export_xlsx(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = _quiz_for(request, quiz_id)
    attempts = selectors.statistics_attempts(request.user, quiz)
    return exports.xlsx_response(
        f"thong-ke-{quiz.slug}.xlsx",
        [
            (_("Questions"), exports.questions_table(quiz_statistics(attempts))),
            (_("Attempts"), exports.attempts_table(selectors.attempt_export_rows(attempts))),
        ],
    )
