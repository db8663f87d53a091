"""Reading staff imports, within the viewer's scope."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from people.models import StaffImport, User
from people.scope import scope_to


def visible_imports(viewer: User | AnonymousUser) -> QuerySet[StaffImport]:
    """Imports `viewer` may see: all for a ministry admin, their province's for a manager."""
    return scope_to(
        viewer,
        StaffImport.objects.select_related("uploaded_by"),
        province="uploaded_by__profile__unit__province",
        person="uploaded_by",
    )
