"""The question bank in the Wagtail admin, and a version recorded on every question change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lib.admin_columns import yes_no_column
from quizzes import selectors, services
from quizzes.admin_forms import QuestionForm
from quizzes.models import Category, Question, QuizPage


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-inverse"
    menu_label = _("Categories")
    list_display = ["name", "field"]
    list_filter = ["field"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["name", "category", "kind", "difficulty", yes_no_column(Question, "is_active")]
    list_filter = ["category", "kind", "difficulty", "is_active"]
    search_fields = ["name", "text"]
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, CategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_order = 220


register_snippet(QuestionBankGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_question_version(request: HttpRequest, instance: object) -> None:
    # Attempts keep the version they drew; a change becomes a new version for later attempts.
    if isinstance(instance, Question):
        services.record_version(instance)


@hooks.register("register_page_listing_more_buttons")
def statistics_button(page: Any, user: Any, next_url: str | None = None) -> Iterator[Button]:
    specific_class = getattr(page, "specific_class", None)
    if (
        specific_class is not None
        and issubclass(specific_class, QuizPage)
        and selectors.can_view_statistics(user, page.specific)
    ):
        yield Button(
            _("Statistics"),
            reverse("quizzes:statistics", args=[page.pk]),
            icon_name="table",
            priority=55,
        )
