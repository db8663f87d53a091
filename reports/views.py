"""Managers' reports: parse the filters, call one selector, render. Scope lives in selectors."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from assistant import selectors as assistant_selectors
from courses.models import CoursePage
from people.scope import scope_of
from reports import charts, selectors
from reports.filters import FilterForm, ReportFilters, read_filters
from reports.selectors import MonthCount
from training.models import Session

View = Callable[..., HttpResponseBase]


def reports_view(view: View) -> View:
    """Signed-in ministry admins and province managers only; others get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _filters(request: HttpRequest) -> tuple[FilterForm, ReportFilters | None]:
    return read_filters(request.GET)


def _chart(months: list[MonthCount]) -> charts.BarChart:
    return charts.grouped_bars(
        [(charts.month_label(m.month), (m.enrolled, m.completed, m.certified)) for m in months],
        [_("Enrolled"), _("Completed"), _("Certified")],
    )


def _context(request: HttpRequest, form: FilterForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "scope": scope_of(request.user),
        "updated_at": selectors.last_updated(request.user),
        "query": request.GET.urlencode(),
        **extra,
    }


@reports_view
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    context = _context(request, form)
    if filters is not None:
        months = selectors.completion_over_time(request.user, filters)
        context |= {
            "matrix": selectors.completion_matrix(request.user, filters),
            "months": months,
            "chart": _chart(months),
            "params": filters.as_params(),
        }
    context["courses"] = CoursePage.objects.live().order_by("title").values("pk", "title")
    context["sessions"] = Session.objects.order_by("-created_at").values("pk", "title")[:20]
    return render(request, "reports/dashboard.html", context)


@reports_view
def province(request: HttpRequest, province_id: int) -> HttpResponse:
    place = selectors.visible_province(request.user, province_id)
    form, filters = _filters(request)
    context = _context(request, form, province=place)
    if filters is not None:
        context |= {
            "matrix": selectors.completion_matrix(request.user, filters, province_id=place.pk),
            "units": selectors.province_units(request.user, place, filters),
            "params": filters.as_params(),
        }
    return render(request, "reports/province.html", context)


@reports_view
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    place = selectors.visible_unit(request.user, unit_id)
    form, filters = _filters(request)
    context = _context(request, form, unit=place)
    if filters is not None:
        context |= {
            "people": selectors.unit_people(request.user, place, filters),
            "params": filters.as_params(),
        }
    return render(request, "reports/unit.html", context)


@reports_view
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    detail = selectors.person_detail(request.user, user_id)
    form = FilterForm()
    return render(request, "reports/person.html", _context(request, form, detail=detail))


@reports_view
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    page = selectors.visible_course(course_id)
    form, filters = _filters(request)
    context = _context(request, form, course=page)
    if filters is not None:
        scoped = dataclasses.replace(filters, course_id=page.pk)
        months = selectors.completion_over_time(request.user, scoped)
        context |= {
            "rows": selectors.course_by_province(request.user, page, filters),
            "chart": _chart(months),
            "params": filters.as_params(),
        }
    return render(request, "reports/course.html", context)


@reports_view
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    event = selectors.visible_session(session_id)
    form, filters = _filters(request)
    context = _context(request, form, session=event)
    if filters is not None:
        context |= {
            "rows": selectors.session_by_province(request.user, event, filters),
            "people": selectors.session_people(request.user, event, filters)[:500],
            "params": filters.as_params(),
        }
    return render(request, "reports/session.html", context)


@reports_view
def assistant_questions(request: HttpRequest) -> HttpResponse:
    """What staff ask the assistant, per field and province, and what it could not answer."""
    return render(
        request,
        "reports/assistant.html",
        {
            "scope": scope_of(request.user),
            "updated_at": selectors.last_updated(request.user),
            "rows": assistant_selectors.asked_by_field_and_province(request.user),
            "unanswered": assistant_selectors.unanswered(request.user),
        },
    )
