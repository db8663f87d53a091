"""`manage.py import_staff FILE [--dry-run] [--as USERNAME]`: the staff import from a shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from people.imports import (
    Action,
    ImportFileError,
    ImportNotAllowed,
    Preview,
    apply_import,
    confirm_import,
    create_import,
    preview_file,
    render_message,
)
from people.models import StaffImport, User


class Command(BaseCommand):
    help = "Import staff from an XLSX or CSV file: print the preview, then apply the valid rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an .xlsx or .csv (UTF-8) staff list")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the preview and write nothing"
        )
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="act as this user, within their scope (default: no restriction)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        content = self._read(path)
        actor = self._actor(options["username"])
        try:
            preview = preview_file(path.name, content, actor)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except ImportNotAllowed as exc:
            raise CommandError(_("This user may not import staff.")) from exc
        self._print_preview(preview)
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        if not preview.valid_rows:
            raise CommandError(_("The file has no valid rows to import."))
        job = create_import(file_name=path.name, content=content, uploader=actor)
        confirm_import(job.pk, actor, enqueue=False)
        job = apply_import(job.pk)
        if job.status != StaffImport.Status.DONE:
            raise CommandError(
                _("The import #%(id)s stopped: %(error)s") % {"id": job.pk, "error": job.error}
            )
        for failure in job.apply_errors:
            message = render_message(failure["code"], failure["params"])
            self.stdout.write(
                _("Row %(row)s: not saved. %(error)s") % {"row": failure["row"], "error": message}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Import #%(id)s done: %(created)s created, %(updated)s updated, "
                    "%(failed)s not saved."
                )
                % {
                    "id": job.pk,
                    "created": job.created_rows,
                    "updated": job.updated_rows,
                    "failed": job.failed_rows,
                }
            )
        )

    def _read(self, path: Path) -> bytes:
        limit = settings.STAFF_IMPORT_MAX_BYTES
        try:
            with path.open("rb") as handle:
                # One byte past the limit is enough for read_table to refuse the file.
                return handle.read(limit + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(_("No user is called %(username)s.") % {"username": username})
        return user

    def _print_preview(self, preview: Preview) -> None:
        for row in preview.rows:
            if row.errors:
                self.stdout.write(
                    _("Row %(row)s (%(name)s): %(errors)s")
                    % {
                        "row": row.number,
                        "name": row.values["full_name"] or "-",
                        "errors": " ".join(row.messages),
                    }
                )
        self.stdout.write(
            _("%(total)s rows: %(create)s to create, %(update)s to update, %(error)s with errors.")
            % {
                "total": preview.total,
                "create": preview.count(Action.CREATE),
                "update": preview.count(Action.UPDATE),
                "error": preview.count(Action.ERROR),
            }
        )
