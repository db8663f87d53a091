"""Which page each page-creation form has already made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CreateFormKey(models.Model):
    """The key of one opened "new page" form and the page its first post created.

    Wagtail's autosave posts the form in the background and creates the page; a click on
    "Gửi duyệt" moments later posts the same form again. The key lets that second post edit
    the page the first one made instead of creating a twin whose slug is taken.
    """

    key = models.UUIDField(_("form key"), unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("page creation form")
        verbose_name_plural = _("page creation forms")

    def __str__(self) -> str:
        return str(self.key)
