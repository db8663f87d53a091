"""The command line behind `import_h5p` and `import_scorm`: one result line per file, a non-zero
exit when any file is rejected, and with --course an activity page for each accepted package."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.models import CoursePage
from lib.archive import PackageRejected, Problem


class UploadedPackage(Protocol):
    """What H5P contents and SCORM packages share: a status (pending, ready, failed) and, once
    refused, the problems found or the extraction's error."""

    Status: Any
    status: str
    problems: list[dict[str, object]]
    error: str

    def refresh_from_db(self) -> None: ...


class ImportPackagesCommand(BaseCommand, ABC):
    """Subclasses say how a file is submitted, how an accepted package is described and how its
    activity page is added."""

    @abstractmethod
    def submit(self, path: Path, stream: IO[bytes]) -> Any:
        """Validate and store one file (PackageRejected when refused); the package."""

    @abstractmethod
    def describe(self, package: Any) -> str:
        """The "accepted — …" line for a package that passed validation."""

    @abstractmethod
    def add_page(self, package: Any, course: CoursePage, *, publish: bool) -> Page:
        """Add the package's activity page to `course`."""

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
                package: UploadedPackage = self.submit(path, stream)
            except PackageRejected as exc:
                self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(exc.messages()))
                return False
        package.refresh_from_db()
        if package.status == package.Status.FAILED:
            reasons = [Problem.from_dict(item).message() for item in package.problems]
            self.stdout.write(f"{path}: " + _("rejected — ") + " ".join(reasons or [package.error]))
            return False
        line = f"{path}: " + self.describe(package)
        if course is not None and package.status == package.Status.READY:
            page = self.add_page(package, course, publish=publish)
            line += " " + _("Activity page “%(title)s” (page %(id)s).") % {
                "title": page.title,
                "id": page.pk,
            }
        elif course is not None:
            line += " " + _("Add its activity page once the extraction has finished.")
        self.stdout.write(line)
        return True
