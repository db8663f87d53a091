"""Accepting SCORM packages, extracting them in the background, adding activity pages."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from pathlib import PurePath
from typing import IO

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from courses.models import CoursePage, ModulePage
from jobs.dispatch import enqueue
from lib.archive import PackageRejected
from lib.text import clean_text
from people.models import User
from people.roles import Role, has_role
from scorm import store
from scorm.models import Sco, ScormActivityPage, ScormPackage
from scorm.validate import PackageReport, validate_package

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The acting user may not do this."""


class PackageNotReady(Exception):
    """The package has not been extracted (yet), so no activity can use it."""


def can_upload(user: User | None) -> bool:
    """Trainers and ministry admins upload packages; None is the system (a command)."""
    return user is None or has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN)


def check_package(file_name: str, stream: IO[bytes], size: int) -> PackageReport:
    """Validate a package; writes nothing."""
    stream.seek(0)
    return validate_package(file_name, stream, size)


def _sha256(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def submit_package(
    *, file_name: str, stream: IO[bytes], size: int, uploader: User | None
) -> ScormPackage:
    """Validate a package, keep it until extracted and queue its extraction.

    Raises PackageRejected (naming each problem) and stores nothing when it is invalid."""
    if not can_upload(uploader):
        raise NotAllowed
    report = check_package(file_name, stream, size)
    if not report.ok:
        raise PackageRejected(report.shown_problems())
    sha = _sha256(stream)
    path = store.save_upload(stream)
    try:
        with transaction.atomic():
            package = ScormPackage.objects.create(
                title=clean_text(report.manifest.title)[:255] or PurePath(file_name).stem,
                version=report.manifest.version,
                original_name=clean_text(PurePath(file_name).name)[:255],
                file_size=size,
                sha256=sha,
                organization=report.manifest.organization[:255],
                upload_path=path,
                uploaded_by=uploader,
            )
            Sco.objects.bulk_create(
                Sco(
                    package=package,
                    identifier=sco.identifier[:255],
                    title=clean_text(sco.title)[:255],
                    href=sco.href[:1000],
                    scorm_type=sco.scorm_type[:10],
                    mastery_score=sco.mastery_score,
                    order=order,
                )
                for order, sco in enumerate(report.scos)
            )
            _enqueue(package.pk)
    except BaseException:
        store.delete_file(path)
        raise
    return package


def _enqueue(package_id: int) -> None:
    from scorm.tasks import extract_scorm_package

    enqueue(extract_scorm_package, package_id)


def extract_package(package_id: int) -> ScormPackage:
    """Validate again and copy every file of the package to its folder (idempotent).

    Runs in a Celery task; a package that no longer validates, or an error, marks it failed
    and leaves no files."""
    with transaction.atomic():
        package = ScormPackage.objects.select_for_update().get(pk=package_id)
        if package.status != ScormPackage.Status.PENDING:
            return package
    folder = store.package_folder(package.pk)
    try:
        with store.open_file(package.upload_path) as stream:
            size = stream.size if hasattr(stream, "size") else package.file_size
            report = check_package(package.original_name, stream, size)
            if not report.ok:
                return _fail(package, problems=[p.to_dict() for p in report.shown_problems()])
            stream.seek(0)
            with zipfile.ZipFile(stream) as zf:
                for name in report.files:
                    store.copy_member(zf, name, f"{folder}/{name}")
        with transaction.atomic():
            package = ScormPackage.objects.select_for_update().get(pk=package_id)
            upload = package.upload_path
            package.storage_path = folder
            package.status = ScormPackage.Status.READY
            package.extracted_at = timezone.now()
            package.error = ""
            package.upload_path = ""
            package.save()
    except Exception as exc:
        logger.exception("extracting SCORM package %s failed", package_id)
        store.delete_tree(folder)
        return _fail(package, error=f"{type(exc).__name__}: {exc}"[:2000])
    store.delete_file(upload)
    return package


def _fail(
    package: ScormPackage, *, problems: list[dict[str, object]] | None = None, error: str = ""
) -> ScormPackage:
    ScormPackage.objects.filter(pk=package.pk).update(
        status=ScormPackage.Status.FAILED, problems=problems or [], error=error, upload_path=""
    )
    store.delete_file(package.upload_path)
    package.refresh_from_db()
    return package


def add_activity_page(
    package: ScormPackage, course: CoursePage, *, publish: bool = False
) -> ScormActivityPage:
    """Add a SCORM activity for `package` at the end of the course's first module."""
    if package.status != ScormPackage.Status.READY:
        raise PackageNotReady
    module = ModulePage.objects.child_of(course).order_by("path").first()
    if module is None:
        raise PackageNotReady
    page = ScormActivityPage(title=package.title, package=package, live=False)
    parent: Page = module
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
