"""Learner views of a quiz: start or resume, the attempt form, submit and review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from quizzes import selectors, services
from quizzes.exceptions import AttemptClosed, QuizError, TimeUp
from quizzes.forms import answers_from_post
from quizzes.models import Attempt, QuizPage


def overview(request: HttpRequest, quiz: QuizPage) -> HttpResponse:
    if request.user.is_authenticated:
        # A closed tab leaves an attempt open past its deadline; grade it before showing it.
        services.finish_overdue_attempts(quiz=quiz, user=request.user)  # type: ignore[arg-type]
    return quiz.render(request)


def _attempt_url(quiz: QuizPage, attempt: Attempt, route: str) -> str:
    return quiz.url + quiz.reverse_subpage(route, args=[attempt.pk])


def _own_attempt_or_redirect(
    request: HttpRequest, quiz: QuizPage, attempt_id: int
) -> Attempt | HttpResponse:
    try:
        attempt = selectors.own_attempt(request.user, quiz, attempt_id)
    except QuizError as exc:
        messages.error(request, exc.message)
        return redirect(quiz.url)
    if attempt is None:
        raise Http404
    return attempt


@require_POST
@login_required
def start(request: HttpRequest, quiz: QuizPage) -> HttpResponse:
    try:
        attempt = services.start_attempt(request.user, quiz)  # type: ignore[arg-type]
    except QuizError as exc:
        messages.error(request, exc.message)
        return redirect(quiz.url)
    return redirect(_attempt_url(quiz, attempt, "attempt"))


@require_GET
@login_required
def attempt(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    found = _own_attempt_or_redirect(request, quiz, attempt_id)
    if isinstance(found, HttpResponse):
        return found
    if found.is_open and services.finish_overdue_attempts(
        quiz=quiz,
        user=request.user,  # type: ignore[arg-type]
    ):
        found.refresh_from_db()
        messages.warning(request, TimeUp(time=services.local_time(found.deadline)).message)  # type: ignore[arg-type]
    if not found.is_open:
        return redirect(_attempt_url(quiz, found, "review"))
    return _render_attempt(request, quiz, found)


def _render_attempt(
    request: HttpRequest, quiz: QuizPage, found: Attempt, *, unanswered: int = 0
) -> HttpResponse:
    questions = selectors.attempt_questions(found)
    remaining = services.remaining_seconds(found, timezone.now())
    return quiz.render(
        request,
        template="quizzes/attempt.html",
        context_overrides={
            "attempt": found,
            "questions": questions,
            "remaining": remaining,
            "remaining_display": (
                f"{remaining // 60}:{remaining % 60:02d}" if remaining is not None else ""
            ),
            "submit_url": _attempt_url(quiz, found, "submit"),
            "unanswered": unanswered,
            "attempts_left": services.attempts_left(found),
        },
    )


@require_POST
@login_required
def submit(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    found = _own_attempt_or_redirect(request, quiz, attempt_id)
    if isinstance(found, HttpResponse):
        return found
    try:
        answers = answers_from_post(request.POST, selectors.attempt_questions(found))
        if request.POST.get("confirm") != "1":
            unanswered = services.needs_confirmation(found, answers)
            if unanswered:
                # Keep what was typed, then ask: a submit is graded and uses up an attempt.
                services.save_answers(request.user, found.pk, answers)  # type: ignore[arg-type]
                found.refresh_from_db()
                return _render_attempt(request, quiz, found, unanswered=unanswered)
        services.submit_attempt(request.user, found.pk, answers)  # type: ignore[arg-type]
    except (AttemptClosed, TimeUp) as exc:
        messages.warning(request, exc.message)
        return redirect(_attempt_url(quiz, found, "review"))
    except QuizError as exc:
        messages.error(request, exc.message)
        return redirect(_attempt_url(quiz, found, "attempt"))
    return redirect(_attempt_url(quiz, found, "review"))


@require_GET
@login_required
def review(request: HttpRequest, quiz: QuizPage, attempt_id: int) -> HttpResponse:
    found = _own_attempt_or_redirect(request, quiz, attempt_id)
    if isinstance(found, HttpResponse):
        return found
    if found.is_open:
        return redirect(_attempt_url(quiz, found, "attempt"))
    return quiz.render(
        request,
        template="quizzes/review.html",
        context_overrides={"review": selectors.attempt_review(found)},
    )
