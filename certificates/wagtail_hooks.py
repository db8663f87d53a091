"""Certificates in the Wagtail admin: templates (with a preview), rules, a link to issuing."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from certificates.models import CertificateRule, CertificateTemplate
from certificates.services import can_manage
from lib.admin_columns import yes_no_column


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = ["name", yes_no_column(CertificateTemplate, "is_default"), "updated_at"]
    search_fields = ["name"]
    search_backend_name = None


class CertificateRuleViewSet(SnippetViewSet):
    model = CertificateRule
    icon = "tick-inverse"
    menu_label = _("Rules")
    list_display = [
        "__str__",
        "template",
        yes_no_column(CertificateRule, "auto_issue"),
        "updated_at",
    ]
    list_filter = ["auto_issue"]


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateRuleViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_order = 240


register_snippet(CertificatesGroup)


class IssueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_issue_menu_item() -> MenuItem:
    return IssueMenuItem(
        _("Issue and revoke certificates"),
        reverse("certificates:manage"),
        name="certificates-manage",
        icon_name="doc-full-inverse",
        order=241,
    )
