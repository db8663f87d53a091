"""End to end on a phone: register, check in with the rotating code, and the trainer's
roster and card scanner."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from people.roles import Role
from tests.factories import make_person
from tests.training.factories import make_session
from training.models import Attendance, AttendanceMethod, AttendanceStatus, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/khoa-hoc-cua-toi/")


def _running_session():
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(
        parts=2,
        start=start,
        minutes=60,
        title="Hội nghị tập huấn phân cấp lĩnh vực KH&CN",
        registration_deadline=timezone.now() + datetime.timedelta(hours=1),
        capacity=50,
    )
    return session, session.parts.order_by("starts_at").first()


def test_learner_registers_checks_in_with_the_code_and_the_roster_shows_present(
    page, browser, live_server
):
    session, part = _running_session()
    learner = make_person(user__username="hocvien.hue", full_name="Trần Thị Bích Ngọc")
    trainer = make_person(Role.TRAINER, user__username="giangvien.shtt")

    _login(page, learner.username)
    page.goto("/hoi-nghi/")
    page.get_by_role("link", name=session.title).click()
    page.wait_for_url(f"**/hoi-nghi/{session.pk}/")
    page.locator("form.register-form button").click()
    page.wait_for_selector(".registration-status[data-status='da_xac_nhan']")
    assert Registration.objects.get(user=learner, session=session).status == "da_xac_nhan"

    trainer_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    trainer_page = trainer_context.new_page()
    trainer_page.set_default_timeout(15_000)
    _login(trainer_page, trainer.username)
    trainer_page.goto(f"/hoi-nghi/phan/{part.pk}/ma-diem-danh/")
    code = trainer_page.locator("#checkin-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()

    page.goto("/diem-danh/")
    page.locator("input[name=code]").fill(code)
    page.locator("button.checkin-button").click()
    page.wait_for_selector(".message.success")
    attendance = Attendance.objects.get(user=learner, part=part)
    assert (attendance.status, attendance.method) == (
        AttendanceStatus.PRESENT,
        AttendanceMethod.CODE,
    )

    trainer_page.goto(f"/hoi-nghi/phan/{part.pk}/danh-sach/")
    row = trainer_page.locator(f"tr.roster-row[data-user='{learner.pk}']")
    assert row.get_attribute("data-status") == AttendanceStatus.PRESENT
    assert "Trần Thị Bích Ngọc" in row.inner_text()
    assert row.locator("select").input_value() == AttendanceStatus.PRESENT
    trainer_context.close()


def test_trainer_scans_a_learners_card(page, browser, live_server):
    session, part = _running_session()
    learner = make_person(user__username="hocvien.scan", full_name="Phan Văn Đức")
    trainer = make_person(Role.TRAINER, user__username="giangvien.scan")
    Registration.objects.create(
        session=session, user=learner, status="da_xac_nhan", confirmed_at=timezone.now()
    )

    learner_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    learner_page = learner_context.new_page()
    _login(learner_page, learner.username)
    learner_page.goto("/the-hoc-vien/")
    assert learner_page.locator("figure.qr-figure svg").count() == 1
    decoded = learner_page.locator("figure.qr-figure").get_attribute("data-value")
    learner_context.close()

    _login(page, trainer.username)
    page.goto(f"/hoi-nghi/phan/{part.pk}/quet-the/")
    page.locator("#id_value").fill(decoded[:-3] + "xyz")
    page.locator("#scan-submit").click()
    page.wait_for_selector("#scan-result.scan-error")
    assert not Attendance.objects.exists()

    page.locator("#id_value").fill(decoded)
    page.locator("#scan-submit").click()
    result = page.locator("#scan-result.scan-ok")
    result.wait_for()
    assert "Phan Văn Đức" in result.inner_text()
    attendance = Attendance.objects.get(part=part)
    assert (attendance.user, attendance.method, attendance.recorded_by) == (
        learner,
        AttendanceMethod.QR,
        trainer,
    )

    page.locator("#id_value").fill(decoded)
    page.locator("#scan-submit").click()
    page.wait_for_selector("#scan-result.scan-warning")
    assert Attendance.objects.count() == 1
