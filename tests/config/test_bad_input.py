"""No URL of the site answers bad input with a server error.

Every URL pattern (the site's apps, the API, the Wagtail front end) is called by four kinds
of visitor with malformed values: path ids too large for the database, NUL bytes in query
strings and forms, ids that are not numbers, dates that do not exist, and broken JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from courses import services as course_services
from people.roles import Role
from quizzes import services as quiz_services
from quizzes.models import QuestionKind
from tests.factories import DepartmentFactory, make_course, make_person
from tests.quizzes.factories import make_question, make_quiz
from tests.training.factories import make_session
from training import services as training_services
from training.models import Question, WalkIn

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
NUL = "Nguy\x00ễn\x01"
# Keys the site's views and forms read, each given a value that is not what they expect.
KEYS = (
    "q",
    "p",
    "trang",
    "page",
    "linh-vuc",
    "cap",
    "hinh-thuc",
    "field",
    "course",
    "session",
    "province",
    "unit",
    "person",
    "level",
    "from",
    "to",
    "date",
    "format",
    "report",
    "registration",
    "decision",
    "action",
    "people",
    "status-abc",
    f"status-{HUGE}",
    "next",
    "errors",
    "code",
    "account",
    "text",
    "answer",
    "reason",
)
NUL_DATA = {key: NUL for key in KEYS}
WRONG = ["abc", HUGE, "-1", "1.5"]
# Lists for views that read every value; rotated so that `.get()` (the last value) sees each.
WRONG_TYPES: dict[str, Any] = {
    **{key: WRONG[n % 4 :] + WRONG[: n % 4] for n, key in enumerate(KEYS)},
    "from": "31/02/2025",
    "to": "abc",
    "date": "2025-02-31",
    "format": "xlsx",
    "report": "learners",
    "decision": "approve",
    "action": "approve",
}
BROKEN_JSON = '{"answers": {"1": "\\u0000"'
ODD_JSON = '{"answers": {"abc": "\\u0000", "99999999999999999999": [1]}, "statement": "x\\u0000"}'
# Wagtail's admin is Wagtail's; only the site's own admin views are walked.
OWN_ADMIN = ("people.", "courses.", "quizzes.", "training.", "certificates.", "reports.")


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    pattern: URLPattern


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
            continue
        module = getattr(entry.callback, "__module__", "") or ""
        if route.startswith("admin/") and not module.startswith(OWN_ADMIN):
            continue
        if entry.name == "logout":  # it would end the visitor's session for the calls after it
            continue
        yield Route(route, entry.name or "", entry)


def _fill(route: str, values: dict[str, str]) -> str | None:
    """The route with each <converter:name> replaced; None for a regex route we cannot fill."""
    if "^" in route or "(" in route:
        return None

    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if converter == "uuid":
            return "0b9e7c2e-5b0f-4c55-8d2b-3a5f4c2a1e10"
        if converter == "int":
            return values.get(name, "1")
        return values.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def _huge(route: str) -> str | None:
    """The route with every int too large for the database and every string hostile."""
    if "^" in route or "(" in route:
        return None
    replacements = {"int": HUGE, "str": "a%00b", "path": "a/%00/b.json"}
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: replacements.get(m.group(1) or "str", "0b9e7c2e-5b0f-4c55-8d2b-3a5f4c2a1e10"),
        route,
    )


@pytest.fixture
def world(db):
    unit = DepartmentFactory()
    learner = make_person(unit=unit)
    manager = make_person(Role.PROVINCE_MANAGER, unit=unit)
    admin = make_person(Role.MINISTRY_ADMIN)
    course = make_course(modules=1, lessons_per_module=1)
    course_services.enrol(learner, course)
    quiz = make_quiz(course, [make_question(QuestionKind.SINGLE)])
    attempt = quiz_services.start_attempt(learner, quiz)
    session = make_session(course=course, quiz=quiz)
    session.invited_provinces.add(unit.province)
    training_services.register(learner, session)
    part = session.parts.get()
    walk_in = WalkIn.objects.create(session=session, full_name="Khách", email="khach@example.com")
    question = Question.objects.create(
        session=session, author=learner, field=course.field, text="Hỏi?"
    )
    ids = {
        "pk": str(session.pk),
        "session_id": str(session.pk),
        "quiz_id": str(quiz.pk),
        "page_id": str(quiz.pk),
        "attempt_id": str(attempt.pk),
        "part_id": str(part.pk),
        "walk_in_id": str(walk_in.pk),
        "question_id": str(question.pk),
        "province_id": str(unit.province_id),
        "unit_id": str(unit.pk),
        "user_id": str(learner.pk),
        "course_id": str(course.pk),
    }
    catalogue = course.get_parent().url
    pages = ["/", catalogue, course.url, quiz.url, f"{quiz.url}luot/{HUGE}/"]
    search = [
        catalogue,
        reverse("courses:task_list"),
        reverse("training:bulk_register", args=[session.pk]),
        reverse("training:roster", args=[part.pk]),
        reverse("training:faq"),
        reverse("certificates:manage"),
    ]
    people = {"learner": learner, "manager": manager, "admin": admin}
    return people, ids, pages + search, search


Call = tuple[str, str, dict[str, Any]]


def _calls(route: Route, ids: dict[str, str], role: str) -> Iterator[Call]:
    url = _fill(route.route, ids)
    if url is None:
        return
    # Visitors who are not signed in are turned away early: NUL bytes are enough for them.
    bodies = [NUL_DATA] if role == "anonymous" else [NUL_DATA, WRONG_TYPES]
    if role == "admin":  # who reaches every form: each key too large for the database
        bodies.append({key: HUGE for key in KEYS})
    for data in bodies:
        yield "GET", url, {"data": data}
        yield "POST", url, {"data": data}
    if route.route.startswith("api/") or url.endswith(".json"):
        for body in (BROKEN_JSON, ODD_JSON):
            yield "POST", url, {"data": body, "content_type": "application/json"}
    huge = _huge(route.route)
    if huge is not None and huge != url and role in ("learner", "admin"):
        yield "GET", huge, {}
        yield "POST", huge, {"data": WRONG_TYPES}


def test_no_url_answers_bad_input_with_a_server_error(world):
    people, ids, pages, _search = world
    routes = list(_routes(get_resolver().url_patterns))
    assert len(routes) > 80
    failures = []
    for role in ("anonymous", "learner", "manager", "admin"):
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(people[role])
        calls = [call for route in routes for call in _calls(route, ids, role)]
        calls += [("GET", page, {"data": NUL_DATA}) for page in pages]
        calls += [("GET", page, {"data": WRONG_TYPES}) for page in pages]
        for method, url, options in calls:
            send = client.get if method == "GET" else client.post
            # Each call starts from the same data: one that closes the session hides no other.
            with transaction.atomic():
                response = send(url, **options)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                failures.append(f"{role} {method} {url} {str(options)[:60]}")
    assert not failures, "\n".join(failures)


def test_search_boxes_drop_nul_and_control_characters(client, world):
    """On PostgreSQL a NUL byte in a query parameter is a server error; here it is dropped."""
    people, _ids, _pages, search = world
    client.force_login(people["admin"])
    for url in search:
        response = client.get(url, {"q": "Nguy\x00ễn\x1f  Văn\x7f"})
        assert response.status_code == 200, url
        assert response.context["query"] == "Nguyễn Văn", url


def test_a_registration_id_that_is_not_a_number_is_a_form_error(client, world):
    people, ids, _pages, _search = world
    client.force_login(people["manager"])
    url = reverse("training:approvals", args=[ids["pk"]])
    for bad in ("abc", "1.5", "Nguy\x00ễn", HUGE, ""):
        response = client.post(url, {"registration": bad, "decision": "approve"}, follow=True)
        assert response.status_code == 200
        assert "Hãy chọn một đăng ký trong danh sách." in response.content.decode()
