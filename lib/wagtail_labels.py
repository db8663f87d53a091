"""Labels that Wagtail 8.0.1 computes from Python names, which no translation catalogue reaches.

Wagtail derives a few admin labels from attribute names ("site_name" becomes "Site name") or from
Django's permission names, which are stored in English in the database ("Can add page"). They are
set here, once at start-up, to translatable strings.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COLUMN_LABELS: dict[str, Promise] = {
    "port": _("Port"),
    "site_name": _("Site name"),
    "root_page": _("Root page"),
}


def page_permission_label(permission: Permission) -> str | Promise:
    """The long label Wagtail gives a page permission ("Publish any page"), translated."""
    from wagtail.models import Page

    for codename, _short, long_label in Page.permission_types:
        if codename == permission.codename:
            return long_label
    return permission.name


def label_wagtail_admin() -> None:
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    for column in SiteIndexView.columns:
        if column.name in COLUMN_LABELS:
            column.label = COLUMN_LABELS[column.name]
    for form in (PagePermissionsForm, WorkflowPageForm):
        form.base_fields["page"].label = _("Page")
    permissions = PagePermissionsForm.base_fields["permissions"]
    permissions.label_from_instance = page_permission_label  # type: ignore[attr-defined]
