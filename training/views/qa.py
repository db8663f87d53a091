"""Q&A pages: ask and vote, moderate, answer, the live host view and the FAQ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.models import Field
from lib.params import text_param
from people.models import Unit
from training import selectors, services
from training.access import can_answer_for, can_moderate
from training.errors import TrainingError
from training.forms import AnswerForm, AskForm, AssignForm, QuestionForm
from training.models import Question, QuestionStatus
from training.views.common import acting_user, runner_required


def _back_to(question: Question) -> str:
    if question.session_id:
        url = reverse("training:questions", args=[question.session_id])
        return f"{url}#q-{question.pk}"
    return reverse("training:faq")


@login_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_for(user, pk)
    form = QuestionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(
                user,
                session,
                field=form.cleaned_data["field"],
                text=form.cleaned_data["text"],
                task=form.cleaned_data.get("task"),
            )
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your question is sent."))
            return redirect(_back_to(question))
    listed = list(selectors.session_questions(session, user=user))
    return render(
        request,
        "training/questions.html",
        {
            "session": session,
            "form": form,
            "questions": listed,
            "voted": selectors.voted_ids(user, listed),
            "can_moderate": can_moderate(user),
            "assign_form": AssignForm(),
        },
    )


@require_POST
@login_required
def vote(request: HttpRequest, question_id: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(Question, pk=question_id)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_vote(user, question)
        else:
            services.upvote(user, question)
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect(_back_to(question))


@require_POST
@runner_required
def moderate(request: HttpRequest, question_id: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(Question, pk=question_id)
    try:
        if request.POST.get("action") == "reject":
            services.reject_question(user, question)
            messages.success(request, _("The question is set aside."))
        else:
            form = AssignForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a unit of the ministry."))
                return redirect(_back_to(question))
            unit: Unit = form.cleaned_data["unit"]
            services.assign_question(user, question, unit)
            messages.success(request, _("Assigned to %(unit)s.") % {"unit": unit.name})
    except TrainingError as exc:
        messages.error(request, str(exc))
    return redirect(_back_to(question))


@login_required
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(
        Question.objects.select_related("field", "session", "assigned_unit"), pk=question_id
    )
    if not can_answer_for(user, question.assigned_unit):
        raise PermissionDenied
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_question(user, question, form.cleaned_data["answer"])
        except TrainingError as exc:
            form.add_error("answer", str(exc))
        else:
            messages.success(request, _("The answer is published."))
            return redirect("training:answer_queue")
    return render(request, "training/answer.html", {"question": question, "form": form})


@login_required
def answer_queue(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "training/answer_queue.html",
        {"questions": selectors.questions_to_answer(user)},
    )


@runner_required
def host(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    return render(
        request,
        "training/host.html",
        {"session": session, "questions": selectors.host_questions(session)[:50]},
    )


@never_cache
@runner_required
def host_json(request: HttpRequest, pk: int) -> JsonResponse:
    session = selectors.session_for(request.user, pk)
    rows = selectors.host_questions(session)[:50]
    return JsonResponse(
        {
            "questions": [
                {
                    "id": q.pk,
                    "text": q.text,
                    "field": q.field.name,
                    "votes": q.vote_count,
                    "unit": q.assigned_unit.name if q.assigned_unit else "",
                    "from": q.author.profile.unit.name
                    if q.author and hasattr(q.author, "profile")
                    else "",
                    "assigned": q.status == QuestionStatus.ASSIGNED,
                }
                for q in rows
            ]
        }
    )


def faq(request: HttpRequest) -> HttpResponse:
    """The FAQ for everyone; signed-in staff also ask here, with or without a session."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    field = Field.objects.filter(slug=text_param(request.GET.get("linh-vuc"), 60)).first()
    query = text_param(request.GET.get("q"))
    form = AskForm(request.POST or None, sessions=selectors.sessions_to_ask_about(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(
                acting_user(request),
                form.cleaned_data.get("session"),
                field=form.cleaned_data["field"],
                text=form.cleaned_data["text"],
                task=form.cleaned_data.get("task"),
            )
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Your question is sent. A moderator passes it to the responsible unit.")
            )
            return redirect(_back_to(question))
    moderating = can_moderate(request.user)
    return render(
        request,
        "training/faq.html",
        {
            "questions": selectors.search_faq(field=field, query=query),
            "fields": Field.objects.all(),
            "selected_field": field,
            "query": query,
            "form": form,
            "to_moderate": selectors.questions_to_moderate()[:100] if moderating else [],
            "assign_form": AssignForm(),
        },
        status=400 if form.is_bound else 200,
    )
