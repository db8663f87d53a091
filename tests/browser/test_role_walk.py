"""Each role walks its main pages on a 360×740 phone in Chromium (issue 11, "Done when").

On every page: at most 60 KB on the wire before media, no serious or critical axe-core
violation, tap targets of 24 px (44 px tall for primary actions), a header under 20 % of the
screen and no English in the Vietnamese text. Where a page leads to an official record, the
walk checks that it asks for confirmation first.

Weight: Chromium's own count of what came over the wire (response headers and encoded
body) for the page's main frame. Media do not count: images, audio and video, PDFs, and what
embedded frames load (the H5P player and its content, video players). HTML, CSS, JavaScript,
fonts and JSON count. The browser cache stays warm during a role's walk, as in a real visit,
so a stylesheet is paid for on the first page that uses it.

`pytest tests/browser/test_role_walk.py -s` prints the bytes per page per role.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from certificates.models import Certificate
from courses.models import CoursePage, DecentralisedTask, LessonPage
from courses.selectors import course_of
from courses.services import enrol
from people.models import User
from quizzes.models import QuizPage
from tests.browser.phone_checks import (
    AXE_PATH,
    MAX_PAGE_BYTES,
    VIEWPORT,
    page_problems,
    weigh,
)
from tests.conftest import ARTIFACTS
from training.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Step = tuple[str, Callable[[Any], None]]


def _goto(url: str) -> Callable[[Any], None]:
    def step(page: Any) -> None:
        response = page.goto(url)
        status = response.status if response is not None else None
        assert status is not None and status < 400, f"{url}: {status}"

    return step


def _click(selector: str, *, fill: dict[str, str] | None = None) -> Callable[[Any], None]:
    """Fill fields (by CSS selector) then click, on the page already shown."""

    def step(page: Any) -> None:
        for field_selector, value in (fill or {}).items():
            page.locator(field_selector).first.fill(value)
        with page.expect_navigation():
            page.locator(selector).first.click()

    return step


def _public_steps() -> list[Step]:
    course = CoursePage.objects.live().exclude(field__isnull=True).order_by("path").first()
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    task = DecentralisedTask.objects.order_by("pk").first()
    session = Session.objects.order_by("pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    assert course and lesson and task and session and certificate
    return [
        ("home", _goto("/")),
        ("catalogue", _goto("/khoa-hoc/")),
        ("catalogue search", _goto("/khoa-hoc/?q=chuyen+doi+so")),
        ("course", _goto(course.url)),
        ("lesson", _goto(lesson.url)),
        ("sessions", _goto(reverse("training:session_list"))),
        ("session", _goto(reverse("training:session_detail", args=[session.pk]))),
        ("Q&A", _goto(reverse("training:faq"))),
        ("tasks", _goto(reverse("courses:task_list"))),
        ("task", _goto(reverse("courses:task_detail", args=[task.code]))),
        ("verify", _goto(reverse("certificates:verify_index"))),
        ("verify a certificate", _goto(reverse("certificates:verify", args=[certificate.code]))),
    ]


def _signed_in_public_steps() -> list[Step]:
    """The public pages whose content changes once signed in (the visitor walks them all)."""
    keep = {"home", "lesson", "sessions", "session", "Q&A"}
    return [step for step in _public_steps() if step[0] in keep]


def _learner_steps() -> list[Step]:
    quiz = QuizPage.objects.live().order_by("path").first()
    assert quiz is not None
    return [
        ("my courses", _goto(reverse("courses:my_courses"))),
        ("my certificates", _goto(reverse("certificates:mine"))),
        ("learner card", _goto(reverse("training:learner_card"))),
        ("quiz", _goto(quiz.url)),
        ("quiz attempt", _click(".quiz-start, .quiz-continue")),
    ]


def _trainer_steps() -> list[Step]:
    session = Session.objects.order_by("pk").first()
    assert session is not None
    part = session.parts.order_by("pk").first()
    quiz = QuizPage.objects.live().order_by("path").first()
    assert part is not None and quiz is not None
    return [
        ("run a session", _goto(reverse("training:run", args=[session.pk]))),
        ("roster", _goto(reverse("training:roster", args=[part.pk]))),
        ("questions to answer", _goto(reverse("training:answer_queue"))),
        ("quiz statistics", _goto(reverse("quizzes:statistics", args=[quiz.pk]))),
    ]


def _manager_steps() -> list[Step]:
    session = Session.objects.order_by("pk").first()
    certificate = Certificate.objects.order_by("pk").first()
    course = CoursePage.objects.live().exclude(field__isnull=True).order_by("path").first()
    assert session and certificate and course
    code = certificate.code
    return [
        ("reports", _goto(reverse("reports:dashboard"))),
        ("reports filtered", _filter_reports),
        ("course report", _goto(reverse("reports:course", args=[course.pk]))),
        ("session report", _goto(reverse("reports:session", args=[session.pk]))),
        ("person report", _goto(reverse("reports:person", args=[certificate.person_id]))),
        ("bulk enrolment", _goto(reverse("courses:bulk_enrol"))),
        ("bulk enrolment preview", _bulk_enrol_preview),
        ("bulk registration", _goto(reverse("training:bulk_register", args=[session.pk]))),
        ("certificates", _goto(reverse("certificates:manage"))),
        ("a certificate", _goto(reverse("certificates:manage_certificate", args=[code]))),
        ("re-issue confirm", _click(".reissue-form button[type=submit]", fill=REISSUE_REASON)),
    ]


REISSUE_REASON = {".reissue-form textarea, .reissue-form input[type=text]": "Sai chính tả họ tên"}


def _filter_reports(page: Any) -> None:
    filters = page.locator(".report-filters")
    filters.locator("summary").click()
    filters.locator("select").first.select_option(index=1)
    with page.expect_navigation():
        filters.locator("button[type=submit]").click()


def _bulk_enrol_preview(page: Any) -> None:
    form = page.locator("main form").last
    course = form.locator("select[name=course]")
    course.select_option(index=1)
    scope = form.locator("select[name=province]")
    if scope.count():
        scope.select_option(index=1)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _quiz_submit_asks(page: Any) -> bool:
    """Submitting with blank answers shows how many are blank and asks again."""
    from playwright.sync_api import expect

    confirm = page.locator("#submit-confirm")
    page.locator(".quiz-submit").click()
    expect(confirm).to_be_visible()
    return "chưa trả lời" in confirm.inner_text()


# What must be on screen after a step, before any official record is written: a selector
# or a check.
CONFIRMATIONS: dict[str, str | Callable[[Any], bool]] = {
    "quiz attempt": _quiz_submit_asks,
    "bulk enrolment preview": ".enrol-preview .confirm-enrol",
    "re-issue confirm": ".issue-confirm .serial-pattern",
}


ROLES: dict[str, tuple[str | None, list[Callable[[], list[Step]]]]] = {
    "visitor": (None, [_public_steps, lambda: [("login", _goto("/accounts/login/"))]]),
    "learner": ("hocvien", [_signed_in_public_steps, _learner_steps]),
    "trainer": ("giangvien", [_signed_in_public_steps, _learner_steps, _trainer_steps]),
    "province manager": ("quanly.quangtri", [_signed_in_public_steps, _manager_steps]),
    "ministry admin": ("admin", [_signed_in_public_steps, _manager_steps, _trainer_steps]),
}


@dataclass
class Walk:
    rows: list[tuple[str, str, int, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _log_in(username: str) -> Callable[[Any], None]:
    """Sign in; the page weighed is where the login lands, with the cache still cold (before
    issue 11, Wagtail's userbar made staff pay 1.2 MB there)."""

    def step(page: Any) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()

    return step


def _fill_login(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")


def _walk(browser: Any, base_url: str, username: str | None, steps: list[Step]) -> Walk:
    """One browser context for the role, reused for all its pages."""
    walk = Walk()
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    if username:
        _fill_login(page, username)
        steps = [("signed in (cold cache)", _log_in(username)), *steps]
    for name, action in steps:
        responses.clear()
        try:
            # Navigation waits for the load event: what a page fetches later (autosave,
            # progress polling) is not part of its weight.
            action(page)
        except Exception as exc:  # noqa: BLE001 (reported with the role's other problems)
            walk.problems.append(f"{name}: could not be reached: {str(exc).splitlines()[0]}")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"walk-{username}-{name}.png"), full_page=True)
            continue
        weight = weigh(responses)
        if any("/static/wagtailadmin/" in response.url for response in responses):
            walk.problems.append(f"{name}: loads Wagtail admin assets")
        walk.rows.append((name, page.url.removeprefix(base_url), weight.counted, weight.media))
        if weight.counted > MAX_PAGE_BYTES:
            biggest = ", ".join(f"{url} {size // 1024} KB" for size, url in weight.largest[:3])
            walk.problems.append(f"{name}: {weight.counted // 1024} KB ({biggest})")
        walk.problems += [f"{name}: {p}" for p in page_problems(page)]
        confirmation = CONFIRMATIONS.get(name)
        if confirmation is None:
            continue
        try:
            confirmed = (
                confirmation(page)
                if callable(confirmation)
                else page.locator(confirmation).count() > 0
            )
        except AssertionError:
            confirmed = False
        if not confirmed:
            walk.problems.append(f"{name}: asks for no confirmation")
    context.close()
    return walk


def _enrol_in_the_quiz_course(*usernames: str) -> None:
    quiz = QuizPage.objects.live().order_by("path").first()
    assert quiz is not None
    for username in usernames:
        enrol(User.objects.get(username=username), course_of(quiz))


@pytest.fixture(scope="module")
def walks(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Every role's walk over one seeded demo (seeding takes most of a minute, so once).

    The data is written before the first test starts; that test's transactional teardown
    flushes it, after all walks are done.
    """
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `make install` (npm install) first")
    media = tmp_path_factory.mktemp("walk-media")
    results: dict[str, Walk] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, MEDIA_ROOT=str(media), ALLOWED_HOSTS=["*"]),
    ):
        call_command("seed_demo", force=True, verbosity=0, stdout=io.StringIO())
        _enrol_in_the_quiz_course("hocvien", "giangvien")
        for role, (username, groups) in ROLES.items():
            steps = [step for group in groups for step in group()]
            results[role] = _walk(browser, live_server.url, username, steps)
    print("\nrole               page                        KB  media KB  URL")
    for role, walk in results.items():
        for name, url, counted, media_bytes in walk.rows:
            print(f"{role:18} {name:24} {counted / 1024:6.1f} {media_bytes / 1024:8.1f}  {url}")
    return results


@pytest.mark.parametrize("role", list(ROLES))
def test_role_walks_its_pages_on_a_phone(walks, role: str) -> None:  # type: ignore[no-untyped-def]
    assert walks[role].problems == [], "\n".join(walks[role].problems)
