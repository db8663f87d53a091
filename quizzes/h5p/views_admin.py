"""Wagtail admin views: upload a package, follow its extraction, approve library code."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied

from quizzes.h5p import selectors, services
from quizzes.h5p.models import H5PContent, H5PLibrary
from quizzes.h5p.validate import PackageRejected, Problem
from quizzes.h5p.validate.problems import megabytes

View = Callable[..., HttpResponse]
PER_PAGE = 50


class PackageForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("H5P package"),
        help_text=gettext_lazy(
            "An .h5p file exported from h5p.org, Lumi or Moodle, with its libraries included."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.H5P_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": megabytes(limit)}
            )
        return upload


def _guard(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated or not check(request.user):
                # Wagtail turns a raised PermissionDenied into a redirect; a refusal is a 403.
                return permission_denied(request, PermissionDenied())
            return view(request, *args, **kwargs)

        return guarded

    return decorator


uploader_required = _guard(services.can_upload)
approver_required = _guard(services.can_approve)


@uploader_required
def index(request: HttpRequest) -> HttpResponse:
    """The upload form and the uploaded contents with their extraction status."""
    form = PackageForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = services.submit_package(
                file_name=upload.name or "",
                stream=upload.file,
                size=upload.size or 0,
                uploader=request.user,  # type: ignore[arg-type]
            )
        except PackageRejected as exc:
            problems = exc.messages()
        else:
            messages.success(request, _("“%(title)s” was accepted.") % {"title": content.title})
            return redirect("h5p_admin:detail", pk=content.pk)
    page = Paginator(selectors.recent_contents(), PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "h5p/admin/index.html",
        {
            "form": form,
            "problems": problems,
            "page_obj": page,
            "limits": {
                "upload": megabytes(settings.H5P_MAX_UPLOAD_BYTES),
                "total": megabytes(settings.H5P_MAX_TOTAL_BYTES),
                "files": settings.H5P_MAX_FILES,
            },
        },
    )


@uploader_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    content = get_object_or_404(H5PContent, pk=pk)
    return render(
        request,
        "h5p/admin/detail.html",
        {
            "content": content,
            "problems": [Problem.from_dict(item).message() for item in content.problems],
            "libraries": selectors.libraries_for_keys(content.dependency_keys),
            "unapproved": selectors.unapproved_keys(content),
            "can_approve": services.can_approve(request.user),  # type: ignore[arg-type]
        },
    )


@uploader_required
def libraries(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.libraries(), PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "h5p/admin/libraries.html",
        {"page_obj": page, "can_approve": services.can_approve(request.user)},  # type: ignore[arg-type]
    )


@approver_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(H5PLibrary, pk=pk)  # an unknown library is a 404, not a 500
    library = services.approve_library(pk, request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(library)s may now be played.") % {"library": str(library)})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("h5p_admin:libraries")
    return redirect(target)
