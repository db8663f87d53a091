"""Self check-in with the rotating code: only inside the window, once, never with a foreign,
expired or reused code."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_person
from tests.training.factories import confirm, make_session
from training import codes, services
from training.errors import AlreadyCheckedIn, CheckInRefused
from training.models import Attendance, AttendanceMethod, AttendanceStatus, RegistrationStatus
from training.signals import attendance_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    """A session of two one-hour parts; the first started five minutes ago."""
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(parts=2, start=start, minutes=60)
    part = session.parts.order_by("starts_at").first()
    learner = make_person()
    registration = confirm(session, learner)
    return session, part, learner, registration


def test_codes_are_six_digits_and_differ_between_parts_and_steps():
    code = codes.code_for(1, 1000)
    assert len(code) == 6 and code.isdigit()
    assert code == codes.code_for(1, 1000)
    others = {codes.code_for(2, 1000), codes.code_for(1, 1001), codes.code_for(1, 999)}
    assert code not in others


def test_the_code_depends_on_the_secret_key(settings):
    code = codes.code_for(7, 123456)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert codes.code_for(7, 123456) != code


def test_check_in_with_the_current_code_marks_present_and_stores_the_percentage(
    running, django_capture_on_commit_callbacks
):
    _, part, learner, registration = running
    heard = []

    def listener(**kwargs):
        heard.append(kwargs["attendance_percent"])

    attendance_changed.connect(listener)
    try:
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            attendance = services.check_in_with_code(
                learner, codes.current_code(part.pk, now).code, now=now
            )
    finally:
        attendance_changed.disconnect(listener)
    assert attendance.part == part
    assert attendance.status == AttendanceStatus.PRESENT
    assert attendance.method == AttendanceMethod.CODE
    registration.refresh_from_db()
    assert registration.attendance_percent == 50
    assert heard == [50]


def test_the_previous_code_is_still_accepted(running):
    _, part, learner, _ = running
    now = timezone.now()
    previous = codes.code_for(part.pk, codes.time_step(now) - 1)
    assert services.check_in_with_code(learner, previous, now=now).part == part


def test_an_expired_code_is_refused_with_its_own_message(running):
    _, part, learner, _ = running
    now = timezone.now()
    old = codes.code_for(part.pk, codes.time_step(now) - 3)
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_with_code(learner, old, now=now)
    assert refused.value.code == "expired"
    assert not Attendance.objects.exists()


def test_a_wrong_code_is_refused(running):
    _, part, learner, _ = running
    now = timezone.now()
    valid = {codes.code_for(part.pk, codes.time_step(now) - n) for n in range(0, 500)}
    wrong = next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_with_code(learner, wrong, now=now)
    assert refused.value.code == "wrong"
    with pytest.raises(CheckInRefused):
        services.check_in_with_code(learner, "12ab", now=now)
    assert not Attendance.objects.exists()


def test_a_code_typed_with_spaces_is_read(running):
    _, part, learner, _ = running
    now = timezone.now()
    code = codes.current_code(part.pk, now).code
    spaced = f"{code[:3]} {code[3:]}"
    assert services.check_in_with_code(learner, spaced, now=now).status == "co_mat"


def test_a_reused_code_checks_in_only_once(running):
    _, part, learner, _ = running
    now = timezone.now()
    code = codes.current_code(part.pk, now).code
    services.check_in_with_code(learner, code, now=now)
    with pytest.raises(AlreadyCheckedIn) as refused:
        services.check_in_with_code(learner, code, now=now + datetime.timedelta(seconds=5))
    assert refused.value.code == "already"
    assert part.title in refused.value.message
    assert Attendance.objects.filter(part=part, user=learner).count() == 1


@pytest.mark.parametrize("offset_minutes", [-30, 60 + 11, 24 * 60])
def test_check_in_outside_the_window_is_refused(offset_minutes, running):
    _, part, learner, _ = running
    at = part.starts_at + datetime.timedelta(minutes=offset_minutes)
    code = codes.current_code(part.pk, at).code
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_with_code(learner, code, now=at)
    assert refused.value.code in ("outside_window", "expired")
    assert not Attendance.objects.exists()


def test_the_window_opens_before_the_start_and_closes_after_a_grace(running, settings):
    _, part, learner, _ = running
    opens, closes = services.checkin_window(part)
    assert part.starts_at - opens == datetime.timedelta(
        minutes=settings.TRAINING_CHECKIN_OPENS_MINUTES
    )
    assert closes - part.ends_at == datetime.timedelta(
        minutes=settings.TRAINING_CHECKIN_GRACE_MINUTES
    )
    attendance = services.check_in_with_code(
        learner, codes.current_code(part.pk, closes).code, now=closes
    )
    assert attendance.status == AttendanceStatus.LATE


def test_a_code_of_another_session_is_refused(running):
    _, part, _, _ = running
    stranger = make_person()
    now = timezone.now()
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_with_code(stranger, codes.current_code(part.pk, now).code, now=now)
    assert refused.value.code == "foreign"
    assert not Attendance.objects.exists()


def test_someone_on_the_waiting_list_cannot_check_in(running):
    session, part, _, _ = running
    waiting = make_person()
    registration = confirm(session, waiting)
    registration.status = RegistrationStatus.WAITLISTED
    registration.save()
    now = timezone.now()
    with pytest.raises(CheckInRefused):
        services.check_in_with_code(waiting, codes.current_code(part.pk, now).code, now=now)


def test_a_part_without_self_check_in_does_not_take_codes(running):
    _, part, learner, _ = running
    part.self_checkin = False
    part.save()
    now = timezone.now()
    with pytest.raises(CheckInRefused):
        services.check_in_with_code(learner, codes.current_code(part.pk, now).code, now=now)


def test_after_too_many_wrong_codes_check_in_pauses(running, settings):
    _, part, learner, _ = running
    settings.TRAINING_CHECKIN_MAX_FAILURES = 3
    now = timezone.now()
    right = codes.current_code(part.pk, now).code
    wrong = "000000" if right != "000000" else "000001"
    for _ in range(3):
        with pytest.raises(CheckInRefused):
            services.check_in_with_code(learner, wrong, now=now)
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_with_code(learner, right, now=now)
    assert refused.value.code == "too_many"
    assert not Attendance.objects.exists()


def test_checking_in_late_is_recorded_as_late(running, settings):
    _, part, learner, _ = running
    at = part.starts_at + datetime.timedelta(minutes=settings.TRAINING_LATE_AFTER_MINUTES + 1)
    attendance = services.check_in_with_code(learner, codes.current_code(part.pk, at).code, now=at)
    assert attendance.status == AttendanceStatus.LATE
