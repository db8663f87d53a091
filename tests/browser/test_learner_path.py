"""A learner signs in, opens a course, completes a lesson and resumes at the next one."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from courses.models import CoursePage, Enrolment, LessonPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hocvien_completes_a_lesson_and_resumes_at_the_next(page, settings):
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)
    course = CoursePage.objects.live().exclude(field__isnull=True).order_by("path").first()
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill("hocvien")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/khoa-hoc-cua-toi/")

    page.goto("/khoa-hoc/")
    page.get_by_label("Tìm kiếm").fill(course.title.split()[0].lower())
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("button", name="Ghi danh vào khóa học").click()

    page.wait_for_url(f"**{lessons[0].url}")
    assert page.locator("h1").inner_text() == lessons[0].title
    assert "0% hoàn thành" in page.locator(".progress-label").inner_text()
    page.get_by_role("button", name="Đánh dấu đã học xong").click()

    page.wait_for_url(f"**{lessons[1].url}")
    expected = 100 // len(lessons)
    assert f"{expected}% hoàn thành" in page.locator(".progress-label").inner_text()

    page.goto("/khoa-hoc-cua-toi/")
    card = page.locator(".my-course", has_text=course.title)
    assert f"{expected}%" in card.inner_text()
    card.get_by_role("link", name="Tiếp tục học").click()
    page.wait_for_url(f"**{lessons[1].url}")
    assert page.locator("h1").inner_text() == lessons[1].title

    enrolment = Enrolment.objects.get(user__username="hocvien", course=course)
    assert (enrolment.lessons_done, enrolment.progress_percent) == (1, expected)
    assert page.locator(".lesson-position").inner_text().startswith(f"Bài 2/{len(lessons)}")
