"""The "Edit page" link that replaces Wagtail's userbar on public pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_edit_url(context: dict[str, Any]) -> str:
    """The admin edit view of the page shown, when the signed-in user may edit it, else "".

    Wagtail's userbar would do this but loads its admin assets on every public page and floats
    over content on phones; a plain link costs nothing.
    """
    page = context.get("page")
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(page, Page) or user is None or not user.is_authenticated:
        return ""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
