"""Every main page, as a visitor, a learner and the ministry admin (Wagtail admin included),
loads in Chromium under the Content-Security-Policy without a single violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script; a blocked inline script or style reports here.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def _log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def _violations(page, paths: list[str], script_src: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    found: dict[str, list[str]] = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert f"script-src {script_src};" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        seen = page.evaluate("window.__violations") + console
        if seen:
            found[path] = list(seen)
        console.clear()
    return found


@pytest.fixture
def demo(page, settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)
    page.add_init_script(COLLECT)
    course = CoursePage.objects.live().exclude(field__isnull=True).order_by("path").first()
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    return course, lesson


def test_public_and_learner_pages_load_without_csp_violations(page, demo):
    course, lesson = demo
    public = ["/", "/accounts/login/", "/accounts/password_reset/", "/verify/", "/khoa-hoc/"]
    assert _violations(page, public, "'self'") == {}

    _log_in(page, "hocvien")
    learner = ["/khoa-hoc-cua-toi/", course.url, lesson.url, "/chung-chi/"]
    assert _violations(page, learner, "'self'") == {}


def test_the_wagtail_admin_loads_without_csp_violations(page, demo):
    course, lesson = demo
    _log_in(page, "admin")
    admin = [
        "/admin/",
        f"/admin/pages/{course.get_parent().pk}/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/reports/site-history/",
    ]
    assert _violations(page, admin, "'self' 'unsafe-inline'") == {}
    # Site pages keep the strict policy for editors too, with an "Edit page" link instead of
    # Wagtail's user bar and its admin assets (issue 11).
    assert _violations(page, ["/", course.url, lesson.url], "'self'") == {}
    assert page.locator("wagtail-userbar").count() == 0
    page.get_by_role("link", name="Sửa trang").click()
    page.wait_for_url(f"**/admin/pages/{lesson.pk}/edit/")
