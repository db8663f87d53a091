"""Validate and import .h5p packages from the command line, one result line per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courses.models import CoursePage
from quizzes.h5p import services
from quizzes.h5p.models import H5PContent
from quizzes.h5p.validate import PackageRejected, Problem


class Command(BaseCommand):
    help = (
        "Validate and import .h5p packages. Prints one line per file (accepted, or the reasons "
        "it was rejected) and exits non-zero if any file was rejected. With --course, adds an "
        "H5P activity page (a draft unless --publish) at the end of the course's first module."
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
        rejected = 0
        for path in options["files"]:
            line = self._import(path, course, publish=options["publish"])
            if line is None:
                rejected += 1
        if rejected:
            raise CommandError(
                _("%(rejected)s of %(total)s files were rejected.")
                % {"rejected": rejected, "total": len(options["files"])}
            )

    def _import(self, path: Path, course: CoursePage | None, *, publish: bool) -> str | None:
        """Import one file and print its line; None when it was rejected."""
        if not path.is_file():
            self.stdout.write(f"{path}: " + _("rejected — the file does not exist."))
            return None
        with path.open("rb") as stream:
            try:
                content = services.submit_package(
                    file_name=path.name,
                    stream=stream,
                    size=path.stat().st_size,
                    uploader=None,
                )
            except PackageRejected as exc:
                self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(exc.messages()))
                return None
        content.refresh_from_db()
        if content.status == H5PContent.Status.FAILED:
            reasons = [Problem.from_dict(item).message() for item in content.problems]
            self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(reasons or [content.error]))
            return None
        line = f"{path}: " + _("accepted — “%(title)s” (content %(id)s, %(status)s).") % {
            "title": content.title,
            "id": content.pk,
            "status": content.get_status_display(),
        }
        if course is not None and content.status == H5PContent.Status.READY:
            page = services.add_activity_page(content, course, publish=publish)
            line += " " + _("Activity page “%(title)s” (page %(id)s).") % {
                "title": page.title,
                "id": page.pk,
            }
        elif course is not None:
            line += " " + _("Add its activity page once the extraction has finished.")
        self.stdout.write(line)
        return line
