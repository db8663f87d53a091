"""Test data for H5P: accepted contents built from our own library, and activity pages."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from unittest import mock

from django.conf import settings

from courses.models import CoursePage
from people.models import User
from quizzes.h5p.models import H5PActivityPage, H5PContent, H5PLibrary
from quizzes.h5p.services import add_activity_page, extract_content, submit_package
from quizzes.h5p.tokens import PlayerGrant, sign_grant
from tests.quizzes.h5p.packages import build_package


def submit(data: bytes, *, name: str = "kiem-tra.h5p", uploader: User | None = None) -> H5PContent:
    return submit_package(
        file_name=name, stream=io.BytesIO(data), size=len(data), uploader=uploader
    )


def make_content(
    data: bytes | None = None, *, uploader: User | None = None, approve: bool = True
) -> H5PContent:
    """An uploaded and extracted content (its libraries approved unless `approve` is False)."""
    content = submit(data if data is not None else build_package(), uploader=uploader)
    content = extract_content(content.pk)
    assert content.status == H5PContent.Status.READY, (content.problems, content.error)
    if approve:
        H5PLibrary.objects.filter(approved=False).update(approved=True)
    return content


def make_activity(course: CoursePage, content: H5PContent) -> H5PActivityPage:
    return add_activity_page(content, course, publish=True)


def player_token(
    user: User | int, page: H5PActivityPage, *, seconds_ago: float = 60, content_id: int = 0
) -> str:
    """The player token the lesson page issued to `user` for `page` `seconds_ago` seconds ago."""
    user_id = user if isinstance(user, int) else user.pk
    grant = PlayerGrant(user_id, content_id or page.content_id or 0, page.pk, "http://testserver")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds_ago):
        return sign_grant(grant)


def stored_files() -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        str(Path(folder, name).relative_to(root))
        for folder, _, names in os.walk(root)
        for name in names
    )


def statement(
    user: User,
    page: H5PActivityPage,
    verb: str = "answered",
    *,
    score: float | None = 1,
    max_score: float | None = 1,
    success: bool | None = True,
    completion: bool | None = True,
    sub_content: bool = False,
    mbox: str | None = None,
    object_id: str | None = None,
    content_id: object = None,
) -> dict:
    """An xAPI statement shaped like the ones H5P core sends for this learner and page."""
    from quizzes.h5p.services import actor_mail, object_iri

    iri = object_id or object_iri(page)
    data: dict = {
        "actor": {
            "name": "Học viên",
            "mbox": mbox or f"mailto:{actor_mail(user)}",
            "objectType": "Agent",
        },
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {
            "id": f"{iri}?subContentId=abc" if sub_content else iri,
            "objectType": "Activity",
            "definition": {
                "extensions": {
                    "http://h5p.org/x-api/h5p-local-content-id": content_id
                    if content_id is not None
                    else page.content_id
                }
            },
        },
        "context": {
            "contextActivities": {
                "category": [{"id": "http://h5p.org/libraries/H5P.TapHuanTestQuiz-1.1"}]
            }
        },
    }
    if sub_content:
        data["context"]["contextActivities"]["parent"] = [{"id": iri}]
    if verb != "attempted":
        result: dict = {"duration": "PT2.5S"}
        if score is not None:
            result["score"] = {
                "min": 0,
                "max": max_score,
                "raw": score,
                "scaled": score / (max_score or 1),
            }
        if success is not None:
            result["success"] = success
        if completion is not None:
            result["completion"] = completion
        data["result"] = result
    return data
