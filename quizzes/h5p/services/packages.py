"""Accepting packages, extracting them into the library store, approving library code."""

from __future__ import annotations

import logging
import zipfile
from pathlib import PurePath
from typing import IO

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from courses.models import CoursePage, ModulePage
from jobs.dispatch import enqueue
from lib.text import clean_text
from people.models import User
from people.roles import Role, has_role
from quizzes.h5p import selectors, store
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary
from quizzes.h5p.validate import (
    LibraryInfo,
    PackageRejected,
    PackageReport,
    validate_package,
)

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The acting user may not do this."""


class ContentNotReady(Exception):
    """The content has not been extracted (yet), so no activity can use it."""


def can_upload(user: User | None) -> bool:
    """Trainers and ministry admins upload packages; None is the system (a command)."""
    return user is None or has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN)


def can_approve(user: User) -> bool:
    return has_role(user, Role.MINISTRY_ADMIN)


def check_package(file_name: str, stream: IO[bytes], size: int) -> PackageReport:
    """Validate a package against the approved libraries in the store; writes nothing."""
    stream.seek(0)
    return validate_package(
        file_name,
        stream,
        size,
        selectors.approved_libraries(),
        awaiting=selectors.awaiting_libraries(),
    )


def submit_package(
    *, file_name: str, stream: IO[bytes], size: int, uploader: User | None
) -> H5PContent:
    """Validate a package, keep it in a temporary place and queue its extraction.

    Raises PackageRejected (naming each problem) and leaves nothing stored when it is invalid.
    """
    if not can_upload(uploader):
        raise NotAllowed
    report = check_package(file_name, stream, size)
    if not report.ok:
        raise PackageRejected(report.shown_problems())
    main = report.main_library
    path = store.save_upload(stream)
    try:
        with transaction.atomic():
            content = H5PContent.objects.create(
                title=clean_text(report.title)[:255],
                original_name=clean_text(PurePath(file_name).name)[:255],
                file_size=size,
                main_library=main.key if main else "",
                metadata=report.h5p,
                upload_path=path,
                uploaded_by=uploader,
            )
            _enqueue(content.pk)
    except BaseException:
        store.delete_file(path)
        raise
    return content


def _enqueue(content_id: int) -> None:
    from quizzes.h5p.tasks import extract_h5p_content

    enqueue(extract_h5p_content, content_id)


def extract_content(content_id: int) -> H5PContent:
    """Install the package's new libraries and store its content files (idempotent).

    Runs in a Celery task. A package that no longer validates, or an unexpected error,
    marks the content failed with the reasons; a failed extraction leaves no content files.
    """
    with transaction.atomic():
        content = H5PContent.objects.select_for_update().get(pk=content_id)
        if content.status != H5PContent.Status.PENDING:
            return content
    folder = store.content_folder(content.pk)
    try:
        with store.open_file(content.upload_path) as stream:
            size = stream.size if hasattr(stream, "size") else content.file_size
            report = check_package(content.original_name, stream, size)
            if not report.ok:
                return _fail(content, problems=[p.to_dict() for p in report.shown_problems()])
            stream.seek(0)
            with zipfile.ZipFile(stream) as zf:
                libraries = [
                    _install_library(zf, info, report.library_files[info.folder], content)
                    for info in report.libraries.values()
                ]
                store.copy_member(zf, "h5p.json", f"{folder}/h5p.json")
                for name in report.content_files:
                    store.copy_member(zf, name, f"{folder}/{name}")
        keys = report.dependency_keys
        with transaction.atomic():
            content = H5PContent.objects.select_for_update().get(pk=content_id)
            content.parameters = report.content
            content.metadata = report.h5p
            content.dependency_keys = keys
            content.storage_path = folder
            content.status = H5PContent.Status.READY
            content.extracted_at = timezone.now()
            content.error = ""
            upload = content.upload_path
            content.upload_path = ""
            content.save()
            content.dependencies.set(
                {lib.pk for lib in libraries if lib is not None}
                | set(selectors.libraries_for_keys(keys).values_list("pk", flat=True))
            )
    except Exception as exc:
        logger.exception("extracting H5P content %s failed", content_id)
        store.delete_tree(folder)
        return _fail(content, error=f"{type(exc).__name__}: {exc}"[:2000])
    store.delete_file(upload)
    return content


def _fail(
    content: H5PContent, *, problems: list[dict[str, object]] | None = None, error: str = ""
) -> H5PContent:
    H5PContent.objects.filter(pk=content.pk).update(
        status=H5PContent.Status.FAILED, problems=problems or [], error=error, upload_path=""
    )
    store.delete_file(content.upload_path)
    content.refresh_from_db()
    return content


def _install_library(
    zf: zipfile.ZipFile, info: LibraryInfo, files: list[str], content: H5PContent
) -> H5PLibrary | None:
    """Store a library version once; a version not newer than the stored ones is skipped."""
    ref = info.ref
    newest = (
        H5PLibrary.objects.filter(
            machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor
        )
        .order_by("-patch_version")
        .first()
    )
    if newest is not None and newest.patch_version >= info.patch:
        return None
    folder = store.library_folder(ref.machine_name, ref.major, ref.minor, info.patch)
    for name in files:
        store.copy_member(zf, f"{info.folder}/{name}", f"{folder}/{name}")
    library, _ = H5PLibrary.objects.get_or_create(
        machine_name=ref.machine_name,
        major_version=ref.major,
        minor_version=ref.minor,
        patch_version=info.patch,
        defaults={
            "title": clean_text(info.title)[:255],
            "runnable": info.runnable,
            "metadata": info.data,
            "storage_path": folder,
            "uploaded_by": content.uploaded_by,
        },
    )
    return library


@transaction.atomic
def approve_library(library_id: int, actor: User) -> H5PLibrary:
    """Let a library version be played; only a ministry admin may (idempotent)."""
    if not can_approve(actor):
        raise NotAllowed
    library = H5PLibrary.objects.select_for_update().get(pk=library_id)
    if not library.approved:
        library.approved = True
        library.approved_by = actor
        library.approved_at = timezone.now()
        library.save(update_fields=["approved", "approved_by", "approved_at"])
    return library


def add_activity_page(
    content: H5PContent, course: CoursePage, *, publish: bool = False
) -> H5PActivityPage:
    """Add an H5P activity for `content` at the end of the course's first module."""
    if content.status != H5PContent.Status.READY:
        raise ContentNotReady
    module = ModulePage.objects.child_of(course).order_by("path").first()
    if module is None:
        raise ContentNotReady
    page = H5PActivityPage(title=content.title, content=content, live=False)
    parent: Page = module
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
