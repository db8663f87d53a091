"""Validate and import SCORM packages from the command line, one result line per file."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import CoursePage
from courses.package_import import ImportPackagesCommand
from scorm.models import ScormPackage
from scorm.services import packages


class Command(ImportPackagesCommand):
    help = (
        "Validate and import SCORM 1.2/2004 packages (.zip). Prints one line per file (accepted, "
        "or the reasons it was rejected) and exits non-zero if any file was rejected. With "
        "--course, adds a SCORM activity page (a draft unless --publish) at the end of the "
        "course's first module."
    )

    def submit(self, path: Path, stream: IO[bytes]) -> ScormPackage:
        return packages.submit_package(
            file_name=path.name, stream=stream, size=path.stat().st_size, uploader=None
        )

    def describe(self, package: ScormPackage) -> str:
        return _(
            "accepted — “%(title)s” (%(version)s, %(count)s SCO, package %(id)s, %(status)s)."
        ) % {
            "title": package.title,
            "version": package.get_version_display(),
            "count": package.scos.count(),
            "id": package.pk,
            "status": package.get_status_display(),
        }

    def add_page(self, package: ScormPackage, course: CoursePage, *, publish: bool) -> Page:
        return packages.add_activity_page(package, course, publish=publish)
