"""Reminders go to people who have not started or not finished a course, once per rule and
period; province managers get one weekly digest of their own province."""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from config.celery import app
from courses import services as course_services
from courses.models import CoursePage, Enrolment
from people.models import Unit, User
from people.roles import Role
from reports import tasks
from reports.models import DigestSent, ReminderKind, ReminderRule, ReminderSent
from reports.services import refresh_course_facts
from reports.services.digests import send_digests, week_start
from reports.services.reminders import EPOCH, period_start, send_reminders
from reports.setup import grant_report_permissions
from tests.certificates.factories import lessons
from tests.factories import CommuneFactory, DepartmentFactory, make_course, make_person
from tests.training.factories import make_session

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@dataclass
class Place:
    quang_tri: Unit
    ha_noi: Unit
    admin: User
    manager: User
    nhung: User
    duc: User
    hoa: User
    course: CoursePage


@pytest.fixture
def place() -> Place:
    quang_tri = DepartmentFactory(province__name="Quảng Trị", province__code="quang-tri")
    commune = CommuneFactory(parent=quang_tri, province=quang_tri.province, name="Xã Hướng Hóa")
    ha_noi = DepartmentFactory(province__name="Hà Nội", province__code="ha-noi")
    return Place(
        quang_tri=quang_tri,
        ha_noi=ha_noi,
        admin=make_person(Role.MINISTRY_ADMIN, unit=ha_noi, full_name="Quản trị viên Bộ"),
        manager=make_person(Role.PROVINCE_MANAGER, unit=quang_tri, full_name="Hồ Văn Quản"),
        nhung=make_person(unit=quang_tri, full_name="Nguyễn Thị Hồng Nhung"),
        duc=make_person(unit=commune, full_name="Trần Văn Đức"),
        hoa=make_person(unit=ha_noi, full_name="Lê Thị Hòa"),
        course=make_course(title="Phân cấp sở hữu trí tuệ", modules=1, lessons_per_module=2),
    )


def assign(place: Place, person: User, course: CoursePage | None = None) -> None:
    course_services.enrol(person, course or place.course, by=place.admin)


def backdate(person: User, course: CoursePage, days: int) -> None:
    """As if `person` had been enrolled `days` days ago."""
    Enrolment.objects.filter(user=person, course=course).update(
        enrolled_at=timezone.now() - days * DAY
    )
    refresh_course_facts([person.pk], [course.pk])


def rule(kind: str = ReminderKind.NOT_STARTED, **fields: Any) -> ReminderRule:
    values: dict[str, Any] = {"name": "Nhắc học viên", "kind": kind, "days": 3, **fields}
    return ReminderRule.objects.create(**values)


def next_period(now: datetime.datetime, period_days: int = 7) -> datetime.datetime:
    """9:00 local time on the first day of the period after `now`'s."""
    start = period_start(timezone.localdate(now), period_days) + period_days * DAY
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))


def bodies(message: Any) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


def test_periods_are_stable_and_weekly_ones_are_iso_weeks():
    assert EPOCH.weekday() == 0
    day = datetime.date(2026, 3, 11)
    assert period_start(day, 7) == week_start(day) == datetime.date(2026, 3, 9)
    assert {period_start(day + n * DAY, 7) for n in range(-2, 5)} == {datetime.date(2026, 3, 9)}
    assert period_start(datetime.date(2026, 3, 16), 7) == datetime.date(2026, 3, 16)
    assert period_start(day, 1) == day


def test_not_started_after_n_days_gets_one_reminder_with_the_name_intact(place, mailoutbox):
    rule(days=3)
    assign(place, place.nhung)
    now = timezone.now()

    assert send_reminders(now=now + 2 * DAY) == 0
    assert send_reminders(now=now + 4 * DAY) == 1

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [place.nhung.email]
    assert "Phân cấp sở hữu trí tuệ" in message.subject
    for body in bodies(message):
        assert "Nguyễn Thị Hồng Nhung" in body
        assert "Phân cấp sở hữu trí tuệ" in body
        assert timezone.localdate(now).strftime("%d/%m/%Y") in body
    assert ReminderSent.objects.get().user == place.nhung


def test_running_twice_in_the_same_period_sends_once(place, mailoutbox):
    rule(days=3)
    assign(place, place.nhung)
    later = timezone.now() + 4 * DAY

    assert send_reminders(now=later) == 1
    assert send_reminders(now=later) == 0
    assert len(mailoutbox) == 1


def test_next_period_reminds_again_until_the_person_starts(place, mailoutbox):
    rule(days=3)
    assign(place, place.nhung)
    first = timezone.now() + 4 * DAY
    second = next_period(first)

    assert send_reminders(now=first) == 1
    assert send_reminders(now=second) == 1
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.count() == 2

    course_services.complete_lesson(place.nhung, lessons(place.course)[0])
    assert send_reminders(now=next_period(second)) == 0


def test_people_who_started_or_completed_never_get_one(place, mailoutbox):
    rule(days=3)
    rule(ReminderKind.OVERDUE, days=3)
    for person in (place.nhung, place.duc, place.hoa):
        assign(place, person)
    course_services.complete_lesson(place.duc, lessons(place.course)[0])
    for lesson in lessons(place.course):
        course_services.complete_lesson(place.hoa, lesson)

    assert send_reminders(now=timezone.now() + 4 * DAY) == 3

    # Nhung: not started and overdue; Đức: overdue only; Hòa: done, nothing.
    sent = sorted((r.user.pk, r.rule.kind) for r in ReminderSent.objects.select_related("rule"))
    assert sent == sorted(
        [
            (place.nhung.pk, ReminderKind.NOT_STARTED),
            (place.nhung.pk, ReminderKind.OVERDUE),
            (place.duc.pk, ReminderKind.OVERDUE),
        ]
    )
    assert place.hoa.email not in {address for m in mailoutbox for address in m.to}


def test_overdue_rule_waits_for_the_due_date_and_shows_it(place, mailoutbox):
    rule(ReminderKind.OVERDUE, days=30)
    assign(place, place.duc)
    course_services.complete_lesson(place.duc, lessons(place.course)[0])
    now = timezone.now()

    assert send_reminders(now=now + 29 * DAY) == 0
    assert send_reminders(now=now + 31 * DAY) == 1

    message = mailoutbox[0]
    assert message.subject.endswith("Phân cấp sở hữu trí tuệ")
    due = timezone.localdate(now + 30 * DAY).strftime("%d/%m/%Y")
    for body in bodies(message):
        assert "Trần Văn Đức" in body and due in body and "50%" in body


def test_a_course_rule_covers_its_course_and_an_all_courses_rule_every_course(place, mailoutbox):
    other = make_course(title="Quản lý tần số vô tuyến điện", modules=1, lessons_per_module=1)
    only_ip = rule(days=3, course=place.course)
    every = rule(days=3, name="Mọi khóa học")
    assign(place, place.nhung)
    assign(place, place.nhung, other)

    assert send_reminders(now=timezone.now() + 4 * DAY) == 2

    assert set(ReminderSent.objects.filter(rule=only_ip).values_list("course_id", flat=True)) == {
        place.course.pk
    }
    assert set(ReminderSent.objects.filter(rule=every).values_list("course_id", flat=True)) == {
        place.course.pk,
        other.pk,
    }
    # One e-mail per rule lists every course due under it.
    together = next(m for m in mailoutbox if "Quản lý tần số vô tuyến điện" in m.body)
    assert "Phân cấp sở hữu trí tuệ" in together.body


def test_a_course_due_later_in_the_period_is_reminded_on_its_own(place, mailoutbox):
    # A period long enough that both runs fall in it.
    rule(days=3, period_days=30000)
    other = make_course(title="Quản lý tần số vô tuyến điện", modules=1, lessons_per_module=1)
    assign(place, place.nhung)
    backdate(place.nhung, place.course, 4)
    assign(place, place.nhung, other)
    now = timezone.now()

    assert send_reminders(now=now) == 1
    assert send_reminders(now=now + 4 * DAY) == 1

    first, second = mailoutbox
    assert "Phân cấp sở hữu trí tuệ" in first.body and "Quản lý tần số" not in first.body
    assert "Quản lý tần số vô tuyến điện" in second.body
    assert "Phân cấp sở hữu trí tuệ" not in second.body


def test_only_assigned_rules_leave_self_enrolled_people_alone(place, mailoutbox):
    assigned_only = rule(days=3)
    course_services.enrol(place.nhung, place.course)
    later = timezone.now() + 4 * DAY

    assert send_reminders(now=later) == 0

    assigned_only.only_assigned = False
    assigned_only.save()
    assert send_reminders(now=later) == 1
    assert mailoutbox[0].to == [place.nhung.email]


def test_a_failed_send_is_retried_by_the_next_run(place, mailoutbox, monkeypatch):
    rule(days=3)
    assign(place, place.nhung)
    send = EmailBackend.send_messages
    failures = iter([True])

    def flaky(self: EmailBackend, messages: Any) -> int:
        if next(failures, False):
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    later = timezone.now() + 4 * DAY

    assert send_reminders(now=later) == 0
    assert not ReminderSent.objects.exists()
    assert send_reminders(now=later) == 1
    assert len(mailoutbox) == 1 and ReminderSent.objects.count() == 1


def test_inactive_people_and_people_without_an_address_are_skipped(place, mailoutbox):
    rule(days=3)
    for person in (place.nhung, place.duc, place.hoa):
        assign(place, person)
    place.nhung.is_active = False
    place.nhung.save()
    place.duc.email = ""
    place.duc.save()

    assert send_reminders(now=timezone.now() + 4 * DAY) == 1
    assert [m.to for m in mailoutbox] == [[place.hoa.email]]


def test_inactive_rules_send_nothing(place, mailoutbox):
    rule(days=3, active=False)
    assign(place, place.nhung)

    assert send_reminders(now=timezone.now() + 4 * DAY) == 0
    assert mailoutbox == []


@pytest.fixture
def digest_world(place: Place) -> Place:
    """Quảng Trị: Nhung assigned 10 days ago and not started, Đức newly certified, a session
    for the province and one open to all; Hà Nội: Hòa not started, a session for Hà Nội only."""
    for person in (place.nhung, place.hoa):
        assign(place, person)
        backdate(person, place.course, 10)
    course_services.enrol(place.duc, place.course)
    certificate_services.issue_certificate(place.duc, course=place.course, notify=False)
    soon = timezone.now() + 3 * DAY
    for title, province in (
        ("Hội nghị tập huấn tại Quảng Trị", place.quang_tri.province),
        ("Hội nghị tập huấn tại Hà Nội", place.ha_noi.province),
        ("Hội nghị trực tuyến toàn quốc", None),
    ):
        session = make_session(start=soon, title=title)
        if province is not None:
            session.invited_provinces.set([province])
            session.save()
    make_session(start=timezone.now() + 20 * DAY, title="Hội nghị tháng sau")
    return place


def test_the_digest_covers_only_the_managers_province(digest_world, mailoutbox):
    place = digest_world
    mailoutbox.clear()

    assert send_digests(now=timezone.now()) == 1

    message = mailoutbox[0]
    assert message.to == [place.manager.email]
    assert "Tỉnh Quảng Trị" in message.subject
    for body in bodies(message):
        assert "Hồ Văn Quản" in body
        assert "Nguyễn Thị Hồng Nhung" in body
        assert "Trần Văn Đức" in body and "Xã Hướng Hóa" in body
        assert "Hội nghị tập huấn tại Quảng Trị" in body
        assert "Hội nghị trực tuyến toàn quốc" in body
        assert "Lê Thị Hòa" not in body
        assert "Hội nghị tập huấn tại Hà Nội" not in body
        assert "Hội nghị tháng sau" not in body
        assert "/quan-ly/" in body


def test_one_digest_per_manager_and_week(digest_world, mailoutbox):
    place = digest_world
    now = timezone.now()
    mailoutbox.clear()

    assert send_digests(now=now) == 1
    assert send_digests(now=now) == 0
    assert send_digests(now=now + 7 * DAY) == 1
    assert [d.week_start for d in DigestSent.objects.order_by("week_start")] == [
        week_start(timezone.localdate(now)),
        week_start(timezone.localdate(now + 7 * DAY)),
    ]
    assert {address for m in mailoutbox for address in m.to} == {place.manager.email}


def test_overdue_learners_appear_under_the_active_overdue_rules(place, mailoutbox):
    rule(ReminderKind.OVERDUE, days=5, course=place.course)
    assign(place, place.nhung)
    course_services.complete_lesson(place.nhung, lessons(place.course)[0])
    backdate(place.nhung, place.course, 6)

    assert send_digests(now=timezone.now()) == 1

    body = mailoutbox[-1].body
    assert "Nguyễn Thị Hồng Nhung" in body
    assert (timezone.localdate() - DAY).strftime("%d/%m/%Y") in body


def test_a_province_with_nothing_to_report_gets_no_digest(place, mailoutbox):
    assign(place, place.hoa)

    assert send_digests(now=timezone.now()) == 0
    assert not DigestSent.objects.exists()


def test_beat_runs_the_tasks_which_run_the_services(place, settings):
    rule(days=3)
    assign(place, place.nhung)
    backdate(place.nhung, place.course, 4)

    for entry in ("reports-send-reminders", "reports-send-digests"):
        assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in app.tasks
    assert tasks.send_reminders.apply().get() == 1
    assert tasks.send_digests.apply().get() == 1


def test_ministry_admins_see_reminder_rules_in_the_wagtail_admin(place, client):
    grant_report_permissions()
    grant_report_permissions()
    rule(name="Nhắc khóa học chưa bắt đầu")
    client.force_login(place.admin)

    response = client.get(reverse("wagtailsnippets_reports_reminderrule:list"))

    assert response.status_code == 200
    assert "Nhắc khóa học chưa bắt đầu" in response.content.decode()
    client.force_login(place.manager)
    assert client.get(reverse("wagtailsnippets_reports_reminderrule:list")).status_code in (
        302,
        403,
    )
