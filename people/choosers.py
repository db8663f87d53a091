"""The unit chooser of the admin (a course's responsible unit, a session's organiser and
invited units): 74 units over 8 pages, so it searches names without needing accents."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from people.models import Unit
from people.selectors import matching_units


class UnitSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Unit name, accents optional")}),
        required=False,
    )

    def filter(self, objects: QuerySet[Unit]) -> QuerySet[Unit]:
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            return matching_units(objects, query)
        return objects


class _UnitChooseMixin:
    filter_form_class = UnitSearchForm

    def get_object_list(self) -> QuerySet[Unit]:
        return Unit.objects.select_related("province")

    @property
    def columns(self) -> list[Column]:
        return [
            *super().columns,  # type: ignore[misc]
            Column("province", label=_("province"), accessor="province"),
        ]


class UnitChooseView(_UnitChooseMixin, ChooseView):
    pass


class UnitChooseResultsView(_UnitChooseMixin, ChooseResultsView):
    pass


class UnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView
