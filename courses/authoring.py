"""One "new page" form makes one page, however many times it is posted.

Wagtail 8 autosaves a new page by posting the create form in the background; the page is
created and the form's action switches to the edit view once the answer arrives. A click on
"Gửi duyệt" (or "Xuất bản") before that answer, or an autosave fired just before the click,
posts the same form to the create view a second time, and Wagtail refused it: "Đường dẫn … đã
được dùng", the autosaved draft holding the slug. Each create form carries a key; the first
post that creates a page records it, and a later post with the key edits that page instead.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from courses.models import CreateFormKey
from courses.page_forms import CREATE_FORM_KEY

KEEP_KEYS = timedelta(days=2)


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(CREATE_FORM_KEY, ""))
    except ValueError:
        return None


def page_made_by(key: uuid.UUID, request: HttpRequest) -> Page | None:
    """The page an earlier post of the same form (by the same person) created, if any."""
    if not request.user.is_authenticated:
        return None
    found = CreateFormKey.objects.filter(key=key, user_id=request.user.pk)
    record = found.select_related("page").first()
    return record.page if record else None


def record_create_form_key(request: HttpRequest, page: Page) -> None:
    """Remember which page this form made (run by Wagtail's after_create_page hook)."""
    key = posted_key(request)
    if key is not None and request.user.is_authenticated:
        CreateFormKey.objects.filter(created_at__lt=timezone.now() - KEEP_KEYS).delete()
        CreateFormKey.objects.get_or_create(key=key, defaults={"page": page, "user": request.user})


@never_cache
@require_admin_access
def create_page(
    request: HttpRequest,
    content_type_app_name: str,
    content_type_model_name: str,
    parent_page_id: int,
) -> HttpResponse:
    """Wagtail's create view, except that a form already posted edits the page it made."""
    create = CreateView.as_view()
    key = posted_key(request) if request.method == "POST" else None
    if key is None:
        return create(request, content_type_app_name, content_type_model_name, parent_page_id)
    with transaction.atomic():
        # Posts of one form may arrive together (autosave and a click): take them in turn.
        list(Page.objects.select_for_update().filter(pk=parent_page_id).values("pk"))
        page = page_made_by(key, request)
        if page is None:
            return create(request, content_type_app_name, content_type_model_name, parent_page_id)
        if _is_autosave(request) and (page.live or page.workflow_in_progress):
            # A late autosave must not add a draft to what was just submitted or published.
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "invalid_revision",
                    "error_message": _("Saving will overwrite a newer version."),
                },
                status=400,
            )
        return EditView.as_view()(request, page.pk)


def _is_autosave(request: HttpRequest) -> bool:
    return not request.accepts("text/html")  # as Wagtail tells its JSON posts apart
