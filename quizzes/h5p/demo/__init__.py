"""A demo H5P activity for a development site, built from the project's own content type.

The library beside this file (H5P.TapHuanTestQuiz, one single-choice question scored through
xAPI) is the one the test suite plays, so a newcomer sees an H5P activity play and score.
Idempotent: the content and its activity page are found by title before anything is created.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from courses.models import CoursePage
from people.models import User
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary
from quizzes.h5p.services import (
    add_activity_page,
    approve_library,
    extract_content,
    submit_package,
)

LIBRARY = "H5P.TapHuanTestQuiz-1.1"
TITLE = "Kiểm tra nhanh: thẩm quyền cấp phép"
QUESTION = "Cơ quan nào cấp giấy phép sau phân cấp?"
ANSWERS = ["Bộ Khoa học và Công nghệ", "Sở Khoa học và Công nghệ cấp tỉnh", "Ủy ban nhân dân xã"]
CORRECT = 1


def build_demo_package() -> bytes:
    """The .h5p file of the demo activity: h5p.json, its content and the library."""
    machine, version = LIBRARY.rsplit("-", 1)
    major, minor = version.split(".")
    h5p = {
        "title": TITLE,
        "language": "vi",
        "mainLibrary": machine,
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [
            {"machineName": machine, "majorVersion": major, "minorVersion": minor}
        ],
    }
    content = {
        "question": QUESTION,
        "answers": ANSWERS,
        "correct": CORRECT,
        "checkLabel": "Kiểm tra",
    }
    library = Path(__file__).resolve().parent / LIBRARY
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("h5p.json", json.dumps(h5p, ensure_ascii=False))
        archive.writestr("content/content.json", json.dumps(content, ensure_ascii=False))
        for path in sorted(library.rglob("*")):
            if path.is_file():
                archive.writestr(
                    f"{LIBRARY}/{path.relative_to(library).as_posix()}", path.read_bytes()
                )
    return buffer.getvalue()


def load_demo_h5p(approver: User) -> H5PActivityPage | None:
    """Add the demo activity, its library approved by `approver`, to the overview course."""
    course = CoursePage.objects.live().filter(field__isnull=True).order_by("path").first()
    if course is None:
        return None
    content = (
        H5PContent.objects.filter(title=TITLE, status=H5PContent.Status.READY)
        .order_by("pk")
        .first()
    )
    if content is None:
        data = build_demo_package()
        content = submit_package(
            file_name="kiem-tra-nhanh.h5p", stream=io.BytesIO(data), size=len(data), uploader=None
        )
        # Extraction is idempotent: whether or not a worker also ran it, it is done here.
        content = extract_content(content.pk)
    for library in H5PLibrary.objects.filter(approved=False, machine_name="H5P.TapHuanTestQuiz"):
        approve_library(library.pk, approver)
    existing = H5PActivityPage.objects.descendant_of(course).filter(content=content).first()
    return existing or add_activity_page(content, course, publish=True)
