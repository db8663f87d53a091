"""Validation of uploaded SCORM packages: the shared zip rules (lib.archive), then the manifest
and every file it references. Nothing is extracted here."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import unquote

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lib.archive import (
    ARCHIVE_MESSAGES,
    Limits,
    Problem,
    megabytes,
    read_member,
    register_messages,
    scan_archive,
    shown,
    total_problem,
)
from scorm.manifest import Item, Manifest, parse_manifest

MANIFEST = "imsmanifest.xml"
MAX_PROBLEMS = 100

MESSAGES: dict[str, Promise] = {
    **ARCHIVE_MESSAGES,
    "scorm_not_zip_name": _("The file name must end in .zip (a SCORM package)."),
    "scorm_no_manifest": _("The package has no imsmanifest.xml at its top level."),
    "scorm_manifest_too_big": _("imsmanifest.xml is larger than %(limit)s MB."),
    "scorm_xml_forbidden": _(
        "imsmanifest.xml declares a DTD or entities, which are refused to protect the server."
    ),
    "scorm_xml_broken": _("imsmanifest.xml is not well-formed XML (line %(line)s)."),
    "scorm_not_manifest": _("imsmanifest.xml does not start with a <manifest> element."),
    "scorm_version": _(
        "The SCORM version “%(version)s” is not supported; SCORM 1.2 and 2004 (2nd, 3rd and "
        "4th edition) are."
    ),
    "scorm_default_organization": _(
        "The default organization “%(organization)s” is not in imsmanifest.xml."
    ),
    "scorm_no_items": _("imsmanifest.xml has no organization with items to play."),
    "scorm_item_id": _("An item in imsmanifest.xml has no identifier, or one used twice."),
    "scorm_resource_id": _("A resource in imsmanifest.xml has no identifier."),
    "scorm_missing_resource": _(
        "The item “%(item)s” refers to the resource “%(resource)s”, which is not in "
        "imsmanifest.xml."
    ),
    "scorm_missing_dependency": _(
        "The resource “%(resource)s” depends on “%(dependency)s”, which is not in imsmanifest.xml."
    ),
    "scorm_unsafe_href": _("The resource “%(resource)s” points outside the package: “%(href)s”."),
    "scorm_missing_file": _(
        "The resource “%(resource)s” needs the file “%(name)s”, which is not in the package."
    ),
    "scorm_no_sco": _("No item of the package launches a SCO, so nothing could be tracked."),
}
register_messages(MESSAGES)


def limits_from_settings() -> Limits:
    return Limits(
        max_upload=settings.SCORM_MAX_UPLOAD_BYTES,
        max_total=settings.SCORM_MAX_TOTAL_BYTES,
        max_file=settings.SCORM_MAX_FILE_BYTES,
        max_files=settings.SCORM_MAX_FILES,
        max_ratio=settings.SCORM_MAX_RATIO,
        max_json=settings.SCORM_MAX_MANIFEST_BYTES,
    )


@dataclass(frozen=True)
class ScoInfo:
    """A launchable item, in the organization's order."""

    identifier: str
    title: str
    resource: str
    href: str  # the launch path inside the package, with the item's parameters
    scorm_type: str
    mastery_score: float | None


@dataclass
class PackageReport:
    problems: list[Problem] = field(default_factory=list)
    manifest: Manifest = field(default_factory=Manifest)
    scos: list[ScoInfo] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    total_size: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def shown_problems(self) -> list[Problem]:
        return shown(self.problems, MAX_PROBLEMS)


def validate_package(
    file_name: str, stream: IO[bytes], size: int, limits: Limits | None = None
) -> PackageReport:
    """Check an uploaded SCORM zip without extracting it."""
    limits = limits or limits_from_settings()
    report = PackageReport()
    if not file_name.lower().endswith(".zip"):
        report.problems.append(Problem("scorm_not_zip_name"))
    if size > limits.max_upload:
        report.problems.append(Problem("too_big", {"limit": megabytes(limits.max_upload)}))
        return report
    try:
        zf = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        report.problems.append(Problem("not_zip"))
        return report
    with zf:
        scan = scan_archive(zf, limits)
        report.problems += scan.problems
        if scan.too_many_files:
            return report
        report.total_size = scan.total_size
        too_big = total_problem(scan.total_size, limits)
        if too_big is not None:
            report.problems.append(too_big)
        report.files = [info.filename for info in scan.files]
        manifest_info = next((i for i in scan.files if i.filename == MANIFEST), None)
        if manifest_info is None:
            report.problems.append(Problem("scorm_no_manifest"))
            return report
        limit = megabytes(limits.max_json)
        if manifest_info.file_size > limits.max_json:
            report.problems.append(Problem("scorm_manifest_too_big", {"limit": limit}))
            return report
        data = read_member(zf, manifest_info, limits.max_json)
        if data is None:
            report.problems.append(Problem("unreadable", {"name": MANIFEST}))
            return report
        if len(data) > limits.max_json:
            report.problems.append(Problem("scorm_manifest_too_big", {"limit": limit}))
            return report
    manifest, problems = parse_manifest(data)
    report.manifest = manifest
    report.problems += problems
    if any(p.code in ("scorm_xml_forbidden", "scorm_xml_broken") for p in problems):
        return report
    _resolve(report, set(report.files))
    return report


def _present(name: str, files: set[str]) -> bool:
    return name in files or unquote(name) in files


def _resolve(report: PackageReport, files: set[str]) -> None:
    """Every item's resource exists, every resource's files and dependencies exist, and at least
    one item launches a SCO."""
    manifest = report.manifest
    problems = report.problems
    if not manifest.items:
        problems.append(Problem("scorm_no_items"))
        return
    identifiers = [item.identifier for item in manifest.items]
    if "" in identifiers or len(set(identifiers)) != len(identifiers):
        problems.append(Problem("scorm_item_id"))
    unsafe = {p.params.get("resource") for p in problems if p.code == "scorm_unsafe_href"}
    for resource in manifest.resources.values():
        for dependency in resource.dependencies:
            if dependency not in manifest.resources:
                problems.append(
                    Problem(
                        "scorm_missing_dependency",
                        {"resource": resource.identifier, "dependency": dependency},
                    )
                )
        if resource.identifier in unsafe:
            continue
        needed = [resource.href.split("?", 1)[0]] if resource.href else []
        for name in dict.fromkeys([*needed, *resource.files]):
            if not _present(name, files):
                problems.append(
                    Problem("scorm_missing_file", {"resource": resource.identifier, "name": name})
                )
    for item in manifest.items:
        if item.resource and item.resource not in manifest.resources:
            problems.append(
                Problem(
                    "scorm_missing_resource", {"item": item.identifier, "resource": item.resource}
                )
            )
    report.scos = [sco for item in manifest.items if (sco := _sco(item, manifest)) is not None]
    if not any(sco.scorm_type == "sco" for sco in report.scos):
        problems.append(Problem("scorm_no_sco"))


def _sco(item: Item, manifest: Manifest) -> ScoInfo | None:
    resource = manifest.resources.get(item.resource)
    if resource is None or not resource.href:
        return None
    href = resource.href
    if item.parameters:
        parameters = item.parameters.lstrip("?&")
        href += ("&" if "?" in href else "?") + parameters
    return ScoInfo(
        identifier=item.identifier,
        title=item.title,
        resource=resource.identifier,
        href=href,
        scorm_type=resource.scorm_type,
        mastery_score=item.mastery_score,
    )
