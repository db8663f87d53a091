"""Accepted SCORM packages and their activity pages."""

from __future__ import annotations

import io

from courses.models import CoursePage
from people.models import User
from scorm.models import ScormActivityPage, ScormAttempt, ScormPackage
from scorm.services.packages import add_activity_page, extract_package, submit_package
from scorm.tokens import LaunchGrant


def submit(data: bytes, *, name: str = "bai-hoc.zip", uploader: User | None = None) -> ScormPackage:
    stream = io.BytesIO(data)
    return submit_package(file_name=name, stream=stream, size=len(data), uploader=uploader)


def make_package(data: bytes, *, name: str = "bai-hoc.zip") -> ScormPackage:
    package = extract_package(submit(data, name=name).pk)
    assert package.status == ScormPackage.Status.READY, (package.problems, package.error)
    return package


def make_activity(course: CoursePage, package: ScormPackage) -> ScormActivityPage:
    return add_activity_page(package, course, publish=True)


def grant_for(attempt: ScormAttempt) -> LaunchGrant:
    """The launch grant the lesson page would issue for `attempt`."""
    return LaunchGrant(
        user_id=attempt.user_id,
        page_id=attempt.page_id,
        package_id=attempt.sco.package_id,
        sco_id=attempt.sco_id,
        attempt_id=attempt.pk,
        parent_origin="http://testserver",
    )


def finished_2004(success: str = "passed") -> dict:
    """A 2004 terminate commit: completed, scored 80%, `success` as given."""
    return {
        "cmi": {
            "completion_status": "completed",
            "success_status": success,
            "score": {"scaled": "0.8", "raw": "80", "min": "0", "max": "100"},
            "progress_measure": "1",
            "location": "cuoi",
            "exit": "normal",
            "session_time": "PT1M",
            "interactions": [{"id": "cau-1", "type": "choice", "result": "correct"}],
        }
    }
