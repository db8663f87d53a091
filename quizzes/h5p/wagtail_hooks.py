"""H5P in the Wagtail admin: package upload and status, and the library store."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from quizzes.h5p import services, views_admin

admin_urls = [
    path("", views_admin.index, name="index"),
    path("<id:pk>/", views_admin.detail, name="detail"),
    path("libraries/", views_admin.libraries, name="libraries"),
    path("libraries/<id:pk>/approve/", views_admin.approve, name="approve"),
]


@hooks.register("register_admin_urls")
def register_h5p_urls() -> list[URLPattern | URLResolver]:
    return [path("h5p/", include((admin_urls, "h5p_admin")))]


class H5PMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return services.can_upload(request.user)  # type: ignore[arg-type]


@hooks.register("register_admin_menu_item")
def register_h5p_menu_item() -> MenuItem:
    return H5PMenuItem(
        _("H5P content"), reverse("h5p_admin:index"), name="h5p", icon_name="media", order=250
    )
