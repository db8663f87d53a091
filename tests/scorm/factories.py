"""Accepted SCORM packages and their activity pages."""

from __future__ import annotations

import io

from courses.models import CoursePage
from people.models import User
from scorm.models import ScormActivityPage, ScormPackage
from scorm.services.packages import add_activity_page, extract_package, submit_package


def submit(data: bytes, *, name: str = "bai-hoc.zip", uploader: User | None = None) -> ScormPackage:
    stream = io.BytesIO(data)
    return submit_package(file_name=name, stream=stream, size=len(data), uploader=uploader)


def make_package(data: bytes, *, name: str = "bai-hoc.zip") -> ScormPackage:
    package = extract_package(submit(data, name=name).pk)
    assert package.status == ScormPackage.Status.READY, (package.problems, package.error)
    return package


def make_activity(course: CoursePage, package: ScormPackage) -> ScormActivityPage:
    return add_activity_page(package, course, publish=True)
