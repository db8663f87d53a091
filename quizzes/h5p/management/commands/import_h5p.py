"""Validate and import .h5p packages from the command line, one result line per file."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import CoursePage
from courses.package_import import ImportPackagesCommand
from quizzes.h5p import services
from quizzes.h5p.models import H5PContent


class Command(ImportPackagesCommand):
    help = (
        "Validate and import .h5p packages. Prints one line per file (accepted, or the reasons "
        "it was rejected) and exits non-zero if any file was rejected. With --course, adds an "
        "H5P activity page (a draft unless --publish) at the end of the course's first module."
    )

    def submit(self, path: Path, stream: IO[bytes]) -> H5PContent:
        return services.submit_package(
            file_name=path.name, stream=stream, size=path.stat().st_size, uploader=None
        )

    def describe(self, content: H5PContent) -> str:
        return _("accepted — “%(title)s” (content %(id)s, %(status)s).") % {
            "title": content.title,
            "id": content.pk,
            "status": content.get_status_display(),
        }

    def add_page(self, content: H5PContent, course: CoursePage, *, publish: bool) -> Page:
        return services.add_activity_page(content, course, publish=publish)
