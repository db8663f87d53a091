"""Wagtail admin views: upload a SCORM package and follow its extraction."""

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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied

from lib.archive import PackageRejected, Problem, megabytes
from scorm import selectors
from scorm.models import ScormPackage
from scorm.services import packages

View = Callable[..., HttpResponse]
PER_PAGE = 50


class PackageForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("SCORM package"),
        help_text=gettext_lazy(
            "A .zip exported as SCORM 1.2 or 2004 from iSpring, Articulate, Captivate or Moodle."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.SCORM_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": megabytes(limit)}
            )
        return upload


def uploader_required(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not packages.can_upload(request.user):  # type: ignore[arg-type]
            # Wagtail turns a raised PermissionDenied into a redirect; a refusal is a 403.
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return guarded


@uploader_required
def index(request: HttpRequest) -> HttpResponse:
    """The upload form and the uploaded packages with their extraction status."""
    form = PackageForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            package = packages.submit_package(
                file_name=upload.name or "",
                stream=upload.file,
                size=upload.size or 0,
                uploader=request.user,  # type: ignore[arg-type]
            )
        except PackageRejected as exc:
            problems = exc.messages()
        else:
            messages.success(request, _("“%(title)s” was accepted.") % {"title": package.title})
            return redirect("scorm_admin:detail", pk=package.pk)
    page = Paginator(selectors.recent_packages(), PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "scorm/admin/index.html",
        {
            "form": form,
            "problems": problems,
            "page_obj": page,
            "limits": {
                "upload": megabytes(settings.SCORM_MAX_UPLOAD_BYTES),
                "total": megabytes(settings.SCORM_MAX_TOTAL_BYTES),
                "files": settings.SCORM_MAX_FILES,
            },
        },
    )


@uploader_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    package = get_object_or_404(ScormPackage, pk=pk)
    return render(
        request,
        "scorm/admin/detail.html",
        {
            "package": package,
            "scos": package.scos.all(),
            "problems": [Problem.from_dict(item).message() for item in package.problems],
        },
    )
