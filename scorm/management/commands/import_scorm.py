"""Validate and import SCORM packages from the command line, one result line per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courses.models import CoursePage
from lib.archive import PackageRejected, Problem
from scorm.models import ScormPackage
from scorm.services import packages


class Command(BaseCommand):
    help = (
        "Validate and import SCORM 1.2/2004 packages (.zip). Prints one line per file (accepted, "
        "or the reasons it was rejected) and exits non-zero if any file was rejected. With "
        "--course, adds a SCORM activity page (a draft unless --publish) at the end of the "
        "course's first module."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--course", metavar="SLUG", help="slug of the course to add pages to")
        parser.add_argument(
            "--publish", action="store_true", help="publish the pages added with --course"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        course = None
        if options["course"]:
            course = CoursePage.objects.filter(slug=options["course"]).first()
            if course is None:
                message = _("No course has the slug “%(slug)s”.") % {"slug": options["course"]}
                raise CommandError(message)
        rejected = sum(
            1
            for path in options["files"]
            if not self._import(path, course, publish=options["publish"])
        )
        if rejected:
            raise CommandError(
                _("%(rejected)s of %(total)s files were rejected.")
                % {"rejected": rejected, "total": len(options["files"])}
            )

    def _import(self, path: Path, course: CoursePage | None, *, publish: bool) -> bool:
        """Import one file and print its line; False when it was rejected."""
        if not path.is_file():
            self.stdout.write(f"{path}: " + _("rejected — the file does not exist."))
            return False
        with path.open("rb") as stream:
            try:
                package = packages.submit_package(
                    file_name=path.name, stream=stream, size=path.stat().st_size, uploader=None
                )
            except PackageRejected as exc:
                self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(exc.messages()))
                return False
        package.refresh_from_db()
        if package.status == ScormPackage.Status.FAILED:
            reasons = [Problem.from_dict(item).message() for item in package.problems]
            self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(reasons or [package.error]))
            return False
        line = f"{path}: " + _(
            "accepted — “%(title)s” (%(version)s, %(count)s SCO, package %(id)s, %(status)s)."
        ) % {
            "title": package.title,
            "version": package.get_version_display(),
            "count": package.scos.count(),
            "id": package.pk,
            "status": package.get_status_display(),
        }
        if course is not None and package.status == ScormPackage.Status.READY:
            page = packages.add_activity_page(package, course, publish=publish)
            line += " " + _("Activity page “%(title)s” (page %(id)s).") % {
                "title": page.title,
                "id": page.pk,
            }
        elif course is not None:
            line += " " + _("Add its activity page once the extraction has finished.")
        self.stdout.write(line)
        return True
