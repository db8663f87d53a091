"""SCORM in the Wagtail admin: package upload and status."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from scorm import views_admin
from scorm.services import packages

admin_urls = [
    path("", views_admin.index, name="index"),
    path("<id:pk>/", views_admin.detail, name="detail"),
]


@hooks.register("register_admin_urls")
def register_scorm_urls() -> list[URLPattern | URLResolver]:
    return [path("scorm/", include((admin_urls, "scorm_admin")))]


class ScormMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return packages.can_upload(request.user)  # type: ignore[arg-type]


@hooks.register("register_admin_menu_item")
def register_scorm_menu_item() -> MenuItem:
    return ScormMenuItem(
        _("SCORM packages"),
        reverse("scorm_admin:index"),
        name="scorm",
        icon_name="media",
        order=251,
    )
