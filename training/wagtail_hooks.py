"""Sessions in the Wagtail admin, for trainers and ministry admins."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from training.models import Session


def _run_link(session: Session) -> SafeString:
    return format_html(
        '<a href="{}">{}</a>', reverse("training:run", args=[session.pk]), _("Run the session")
    )


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Training sessions")
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "title",
        "status",
        "mode",
        "organiser",
        "registration_deadline",
        Column("run", label=_("Attendance and Q&A"), accessor=_run_link),
    ]
    list_filter = ["status", "mode"]
    search_fields = ["title", "folded_title"]
    search_backend_name = None
    ordering = ["-registration_deadline"]


register_snippet(SessionViewSet)
