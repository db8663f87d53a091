"""Learner and manager views for courses: thin wrappers around selectors and services."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import BulkEnrolForm
from courses.models import (
    CoursePage,
    DecentralisedTask,
    EnrolmentBatch,
    Field,
    GovernmentLevel,
    LessonPage,
    TransferKind,
)
from lib.params import text_param
from people.models import User
from people.roles import Role, has_role


@require_POST
@login_required
def enrol(request: HttpRequest, course: CoursePage) -> HttpResponse:
    try:
        enrolment = services.enrol(request.user, course)  # type: ignore[arg-type]
    except services.CourseNotAvailable as exc:
        raise Http404 from exc
    resume = selectors.next_lesson(request.user, course)  # type: ignore[arg-type]
    messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    return redirect(resume.url if resume and enrolment else course.url)


@require_POST
@login_required
def complete_lesson(request: HttpRequest, lesson: LessonPage) -> HttpResponse:
    if not lesson.specific.manual_completion:
        # Completed by passing its activity, never by the button.
        raise Http404
    try:
        enrolment = services.complete_lesson(request.user, lesson)  # type: ignore[arg-type]
    except services.CourseNotAvailable as exc:
        raise Http404 from exc
    if enrolment.completed_at and enrolment.lessons_done == enrolment.lessons_total:
        messages.success(request, _("Course complete. Well done!"))
    else:
        messages.success(
            request,
            _("Lesson done. Course progress: %(percent)s%%.")
            % {"percent": enrolment.progress_percent},
        )
    state = selectors.lesson_state(lesson, request.user)
    following = state["next_lesson"]
    return redirect(following.url if following else enrolment.course.url)


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_enrolments(request.user)  # type: ignore[arg-type]
    return render(request, "courses/my_courses.html", {"rows": rows})


@login_required
def enrolment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_detail(request.user, pk)
    outline = selectors.course_outline(enrolment.course, enrolment.user)
    return render(request, "courses/enrolment_progress.html", {"enrolment": enrolment, **outline})


def task_list(request: HttpRequest) -> HttpResponse:
    field = Field.objects.filter(slug=text_param(request.GET.get("linh-vuc"), 60)).first()
    to_level = request.GET.get("cap", "")
    kind = request.GET.get("hinh-thuc", "")
    query = text_param(request.GET.get("q"))
    found = selectors.tasks(
        query=query,
        field=field,
        to_level=to_level if to_level in GovernmentLevel.values else "",
        kind=kind if kind in TransferKind.values else "",
    )
    return render(
        request,
        "courses/task_list.html",
        {
            "tasks": found,
            "fields": Field.objects.all(),
            "selected_field": field,
            "query": query,
            "to_level": to_level,
            "kind": kind,
            "levels": [
                (GovernmentLevel.PROVINCE, GovernmentLevel.PROVINCE.label),
                (GovernmentLevel.COMMUNE, GovernmentLevel.COMMUNE.label),
            ],
            "kinds": TransferKind.choices,
        },
    )


def task_detail(request: HttpRequest, code: str) -> HttpResponse:
    task = get_object_or_404(DecentralisedTask.objects.select_related("field"), code=code.upper())
    return render(
        request,
        "courses/task_detail.html",
        {"task": task, "lessons": selectors.lessons_citing(task)},
    )


def _require_enrolment_manager(request: HttpRequest) -> None:
    actor = request.user
    if not (has_role(actor, Role.MINISTRY_ADMIN) or has_role(actor, Role.PROVINCE_MANAGER)):
        raise PermissionDenied


@login_required
def bulk_enrol(request: HttpRequest) -> HttpResponse:
    """Choose a course and a group, see who would be enrolled, then confirm."""
    _require_enrolment_manager(request)
    actor = cast(User, request.user)
    form = BulkEnrolForm(request.POST or None, actor=actor)
    preview = None
    if request.method == "POST" and form.is_valid():
        course = form.cleaned_data["course"]
        group: dict[str, Any] = {
            "province": form.cleaned_data.get("province"),
            "unit": form.cleaned_data.get("unit"),
            "role": form.role_value,
        }
        try:
            if request.POST.get("confirmed") != "1":
                preview = services.preview_group_enrolment(actor, course, **group)
            else:
                result = services.enrol_group(actor, course, **group)
                messages.success(
                    request,
                    _("%(created)s people enrolled; %(already)s were already enrolled.")
                    % {"created": result.created, "already": result.already},
                )
                return redirect("courses:bulk_enrol")
        except (services.NotAllowed, services.CourseNotAvailable) as exc:
            raise PermissionDenied from exc
    return render(
        request,
        "courses/bulk_enrol.html",
        {"form": form, "preview": preview, "batches": selectors.undoable_batches(actor)},
    )


@require_POST
@login_required
def undo_bulk_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove what one bulk enrolment made, except for people who have already started."""
    _require_enrolment_manager(request)
    batch = get_object_or_404(EnrolmentBatch, pk=pk)
    try:
        undone = services.undo_group_enrolment(cast(User, request.user), batch)
    except services.UndoRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(removed)s enrolments removed; %(kept)s kept because those people have started.")
            % {"removed": undone.removed, "kept": undone.kept},
        )
    return redirect("courses:bulk_enrol")
