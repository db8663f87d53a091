"""Reports in the Wagtail admin: reminder rules (ministry admins) and a scoped, read-only
list of course results (ministry admins and province managers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.utils import unquote
from django.db.models import BooleanField, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lib.admin_columns import yes_no, yes_no_column
from reports.filters import ReportFilters
from reports.models import CourseFact, ReminderRule
from reports.selectors import scoped_course_facts


class ReminderRuleViewSet(SnippetViewSet):
    model = ReminderRule
    icon = "mail"
    menu_label = _("Reminder rules")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        "kind",
        "course",
        "days",
        "period_days",
        yes_no_column(ReminderRule, "only_assigned"),
        yes_no_column(ReminderRule, "active"),
    ]
    list_filter = ["kind", "active", "only_assigned"]
    search_fields = ["name"]
    search_backend_name = None


class ScopedResultsIndexView(IndexView):
    """The course results the signed-in manager may see, and nothing else."""

    def get_base_queryset(self) -> QuerySet[CourseFact]:
        return scoped_course_facts(self.request.user, ReportFilters()).select_related(
            "user__profile", "course", "province", "unit"
        )


class ScopedResultInspectView(InspectView):
    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        if isinstance(field, BooleanField):
            return yes_no(getattr(self.object, field_name))
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value

    def get_object(self, queryset: QuerySet[CourseFact] | None = None) -> CourseFact:
        visible = scoped_course_facts(self.request.user, ReportFilters())
        return get_object_or_404(visible, pk=unquote(str(self.pk)))


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Facts are computed, never typed in: not even a superuser may add, change or delete."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return "view" in actions and self.user_has_permission(user, "view")


class CourseResultViewSet(ModelViewSet):
    """A read-only list of person × course results, within the viewer's scope."""

    model = CourseFact
    icon = "table"
    menu_label = _("Course results")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = ScopedResultsIndexView
    inspect_view_class = ScopedResultInspectView
    inspect_view_enabled = True
    # Not "field": Wagtail would take InspectView.get_field_display_value for its formatter.
    inspect_view_fields = [
        "user",
        "course",
        "province",
        "unit",
        "level",
        "assigned",
        "enrolled_at",
        "lessons_done",
        "lessons_total",
        "progress_percent",
        "completed_at",
        "best_score",
        "passed",
        "sessions_attended",
        "certificate",
        "certified_at",
        "updated_at",
    ]
    list_display = ["user", "course", "province", "unit", "progress_percent", "completed_at"]
    list_filter = ["field", "level", "assigned"]
    exclude_form_fields: list[str] = []


register_permission_policy(CourseFact, ReadOnlyPolicy(CourseFact))


register_snippet(ReminderRuleViewSet)


@hooks.register("register_admin_viewset")
def register_course_results() -> CourseResultViewSet:
    return CourseResultViewSet("course_results")
