"""The xAPI ingest benchmark's data: a course with the demo activity, enrolled learners signed in
(server-side sessions and CSRF tokens, as a browser holds them) and the statements each posts.

The learners' bodies are what the lesson page relays: per answered question, the sub-content's
`progressed`, then the top-level `answered` with the score and `completed`; with `batch` 1 each
statement travels alone, otherwise the interaction goes in one request (what our page does).
"""

from __future__ import annotations

import io
import string
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import get_random_string

from courses.models import CourseIndexPage, CoursePage, ModulePage
from courses.services import enrol
from courses.setup import ensure_structure
from people.models import User
from quizzes.h5p.demo import build_demo_package
from quizzes.h5p.models import H5PActivityPage, H5PContent
from quizzes.h5p.services import (
    actor_mail,
    add_activity_page,
    approve_library,
    extract_content,
    object_iri,
    submit_package,
)
from quizzes.h5p.tokens import PlayerGrant, sign_grant

COURSE_SLUG = "do-tai-xapi"
USERNAME = "bench-xapi-{}"
LIBRARY_CATEGORY = "http://h5p.org/libraries/H5P.TapHuanTestQuiz-1.1"


def bench_activity() -> H5PActivityPage:
    """The benchmark's course and activity, created the first time (idempotent)."""
    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        if not CourseIndexPage.objects.exists():
            ensure_structure()  # what migrate does on a fresh database
        catalogue = CourseIndexPage.objects.get()
        course = catalogue.add_child(
            instance=CoursePage(
                title="Đo tải ghi nhận xAPI",
                slug=COURSE_SLUG,
                summary="Khóa học dùng để đo tốc độ ghi nhận kết quả H5P.",
                live=True,
            )
        )
        course.add_child(instance=ModulePage(title="Học phần 1", slug="hoc-phan-1"))
    page = H5PActivityPage.objects.descendant_of(course).select_related("content").first()
    if page is not None:
        return page
    approver, _ = User.objects.get_or_create(
        username=USERNAME.format("admin"), defaults={"is_superuser": True, "is_staff": True}
    )
    data = build_demo_package()
    content = submit_package(
        file_name="do-tai-xapi.h5p", stream=io.BytesIO(data), size=len(data), uploader=approver
    )
    content = extract_content(content.pk)
    if content.status != H5PContent.Status.READY:
        raise RuntimeError(f"The benchmark's package was not accepted: {content.problems}")
    for library in content.dependencies.filter(approved=False):
        approve_library(library.pk, approver)
    return add_activity_page(content, course, publish=True)


def _signed_in(user: User) -> dict[str, str]:
    """Cookies and headers of a browser signed in as `user`, with its CSRF token."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The first backend that signs users in (axes, listed first, only guards logins).
    session[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    csrf = get_random_string(32, string.ascii_letters + string.digits)
    header = settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-")
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        header: csrf,
    }


def interaction(user: User, page: H5PActivityPage, number: int) -> list[dict[str, Any]]:
    """The statements a player sends when question `number` is answered."""
    iri = object_iri(page)
    extensions = {"http://h5p.org/x-api/h5p-local-content-id": page.content_id}
    actor = {"name": "Học viên", "mbox": f"mailto:{actor_mail(user)}", "objectType": "Agent"}
    category = [{"id": LIBRARY_CATEGORY}]
    score = number % 5

    def one(verb: str, *, sub: bool, result: dict[str, Any]) -> dict[str, Any]:
        context: dict[str, Any] = {"category": category}
        if sub:
            context["parent"] = [{"id": iri, "objectType": "Activity"}]
        return {
            "actor": actor,
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
            "object": {
                "id": f"{iri}?subContentId=q{number}" if sub else iri,
                "objectType": "Activity",
                "definition": {"extensions": extensions, "name": {"vi-VN": "Câu hỏi"}},
            },
            "context": {"contextActivities": context},
            "result": result,
        }

    return [
        one("progressed", sub=True, result={"completion": False, "duration": "PT0.4S"}),
        one(
            "answered",
            sub=False,
            result={
                "score": {"min": 0, "max": 4, "raw": score, "scaled": score / 4},
                "success": score >= 3,
                "completion": True,
                "response": "1",
                "duration": "PT0.8S",
            },
        ),
        one(
            "completed",
            sub=False,
            result={
                "score": {"min": 0, "max": 4, "raw": score, "scaled": score / 4},
                "success": score >= 3,
                "completion": True,
                "duration": "PT0.9S",
            },
        ),
    ]


def plan(base_url: str, learners: int, *, batch: int = 3, rounds: int = 5) -> dict[str, Any]:
    """Create (or reuse) the activity and `learners` enrolled learners; the load plan for
    `lib.loadgen`: each learner's URL, signed-in headers and request bodies."""
    origin = urlsplit(base_url)
    with transaction.atomic():
        page = bench_activity()
    course = CoursePage.objects.ancestor_of(page).get()
    url = base_url.rstrip("/") + reverse("api:h5p_statements", args=[page.pk])
    specs = []
    for index in range(learners):
        user, _ = User.objects.get_or_create(username=USERNAME.format(index + 1))
        enrol(user, course)
        grant = PlayerGrant(
            user.pk, page.content_id or 0, page.pk, f"{origin.scheme}://{origin.netloc}"
        )
        token = sign_grant(grant)
        statements = [s for n in range(rounds) for s in interaction(user, page, n + index)]
        size = max(1, batch)
        bodies = [
            {
                "statement": chunk if size > 1 else chunk[0],
                "player_token": token,
            }
            for chunk in (statements[i : i + size] for i in range(0, len(statements), size))
        ]
        specs.append({"url": url, "headers": _signed_in(user), "bodies": bodies})
    return {"learners": specs}
