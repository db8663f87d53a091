"""The people app in the Wagtail admin: the staff import, and the provinces and units."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from lib.admin_columns import yes_no_column
from people import views_admin
from people.choosers import UnitChooserViewSet
from people.imports import can_import_staff
from people.models import Province, Unit
from people.selectors import matching_units

import_urls = [
    path("", views_admin.upload, name="upload"),
    path("template.xlsx", views_admin.template, name="template"),
    path("<id:pk>/", views_admin.preview, name="preview"),
    path("<id:pk>/confirm/", views_admin.confirm, name="confirm"),
    path("<id:pk>/status/", views_admin.status, name="status"),
    path("<id:pk>/resume/", views_admin.resume, name="resume"),
    path("staff/<id:pk>/invite/", views_admin.resend, name="resend_invitation"),
]


@hooks.register("register_admin_urls")
def register_staff_import_urls() -> list[URLPattern | URLResolver]:
    return [path("staff-import/", include((import_urls, "people_import")))]


class StaffImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_import_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_staff_import_menu_item() -> MenuItem:
    return StaffImportMenuItem(
        _("Import staff"),
        reverse("people_import:upload"),
        name="staff-import",
        icon_name="upload",
        order=300,
    )


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    menu_label = _("Provinces")
    list_display = ["name", "code", yes_no_column(Province, "is_city")]
    list_filter = ["is_city"]
    search_fields = ["name", "folded_name", "code"]
    search_backend_name = None


class UnitIndexView(IndexView):
    def search_queryset(self, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        return matching_units(queryset, self.search_query) if self.is_searching else queryset


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = ["name", "code", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "folded_name", "code"]
    search_backend_name = None
    chooser_viewset_class = UnitChooserViewSet
    index_view_class = UnitIndexView


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (ProvinceViewSet, UnitViewSet)
    menu_icon = "site"
    menu_label = _("Organisation")
    menu_order = 310


register_snippet(OrganisationViewSetGroup)
