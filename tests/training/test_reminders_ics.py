"""Reminders one day and one hour before each part, sent once; the .ics calendar file."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import make_person
from tests.training.factories import confirm, make_session
from training import ics, services, tasks
from training.models import ReminderKind, ReminderSent, SessionStatus

pytestmark = pytest.mark.django_db


def test_reminders_go_out_a_day_and_an_hour_before_and_never_twice():
    now = timezone.now()
    session = make_session(parts=2, start=now + datetime.timedelta(hours=20), minutes=60)
    learner = make_person()
    confirm(session, learner)
    assert services.send_due_reminders(now) == 2
    assert services.send_due_reminders(now + datetime.timedelta(minutes=5)) == 0
    for title in session.parts.values_list("title", flat=True):
        assert sum(title in m.subject for m in mail.outbox) == 1
    later = session.parts.order_by("starts_at").first().starts_at - datetime.timedelta(minutes=50)
    assert services.send_due_reminders(later) == 1
    assert services.send_due_reminders(later) == 0
    kinds = sorted(ReminderSent.objects.values_list("kind", flat=True))
    assert kinds == [ReminderKind.DAY, ReminderKind.DAY, ReminderKind.HOUR]
    hour = mail.outbox[-1]
    assert hour.subject != mail.outbox[0].subject
    assert hour.attachments[0][1].count("BEGIN:VEVENT") == 1


def test_a_part_less_than_an_hour_away_gets_only_the_hour_reminder():
    now = timezone.now()
    session = make_session(start=now + datetime.timedelta(minutes=30))
    confirm(session, make_person())
    assert services.send_due_reminders(now) == 1
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == [ReminderKind.HOUR]


def test_no_reminder_for_cancelled_sessions_waiting_people_or_far_parts():
    now = timezone.now()
    far = make_session(start=now + datetime.timedelta(days=3))
    confirm(far, make_person())
    cancelled = make_session(
        start=now + datetime.timedelta(hours=5), status=SessionStatus.CANCELLED
    )
    confirm(cancelled, make_person())
    waiting_session = make_session(start=now + datetime.timedelta(hours=5))
    waiting = confirm(waiting_session, make_person())
    waiting.status = "danh_sach_cho"
    waiting.save()
    assert services.send_due_reminders(now) == 0
    assert mail.outbox == []


def test_the_beat_task_calls_the_service(settings):
    now = timezone.now()
    session = make_session(start=now + datetime.timedelta(hours=3))
    confirm(session, make_person())
    assert tasks.send_due_reminders.delay().get() == 1
    assert "training-send-due-reminders" in settings.CELERY_BEAT_SCHEDULE
    schedule = settings.CELERY_BEAT_SCHEDULE["training-send-due-reminders"]
    assert schedule["task"] == "training.tasks.send_due_reminders"


def test_a_person_without_an_e_mail_is_recorded_but_not_mailed():
    now = timezone.now()
    session = make_session(start=now + datetime.timedelta(hours=3))
    confirm(session, make_person(user__email=""))
    assert services.send_due_reminders(now) == 0
    assert ReminderSent.objects.count() == 1


def test_the_calendar_has_one_event_per_part_in_vietnam_time():
    start = datetime.datetime(2025, 11, 13, 1, 0, tzinfo=datetime.UTC)  # 08:00 in Hà Nội
    session = make_session(parts=3, start=start, minutes=45, title="Hội nghị; tập huấn, 13/11")
    content = ics.session_calendar(session, session.parts.order_by("starts_at"), url="http://x/")
    assert content.startswith("BEGIN:VCALENDAR\r\n")
    assert content.endswith("END:VCALENDAR\r\n")
    assert content.count("BEGIN:VEVENT") == 3
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20251113T080000" in content
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20251113T084500" in content
    assert "TZOFFSETTO:+0700" in content
    assert "Hội nghị\\; tập huấn\\, 13/11" in content.replace("\r\n ", "")
    for line in content.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_folding_never_splits_a_vietnamese_letter():
    line = "SUMMARY:" + "Phân cấp, phân quyền trong lĩnh vực khoa học và công nghệ " * 4
    folded = ics.fold_line(line)
    assert folded.replace("\r\n ", "") == line
    for piece in folded.split("\r\n"):
        assert len(piece.encode("utf-8")) <= 75
        piece.encode("utf-8").decode("utf-8")
