"""Learner card scans, the roster, walk-ins, and the stored attendance percentage."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from people.roles import Role
from tests.factories import DepartmentFactory, make_person
from tests.training.factories import confirm, make_session
from training import codes, services
from training.errors import AlreadyCheckedIn, CheckInRefused, NotAllowed, TrainingError
from training.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Part,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(parts=2, start=start, minutes=60)
    part = session.parts.order_by("starts_at").first()
    trainer = make_person(Role.TRAINER)
    return session, part, trainer


def test_the_card_value_is_signed_and_read_back():
    value = codes.learner_card_value(42)
    assert value.startswith("u42:")
    assert codes.read_learner_card(value) == 42


@pytest.mark.parametrize(
    "forged",
    [
        lambda v: v.replace("u42:", "u43:"),
        lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"),
        lambda v: "u42",
        lambda v: "",
        lambda v: signing.Signer().sign("u42"),
        lambda v: signing.Signer(salt="another").sign("u42"),
        lambda v: "x" * 500,
    ],
)
def test_a_forged_or_altered_card_is_not_read(forged):
    with pytest.raises(codes.InvalidCard):
        codes.read_learner_card(forged(codes.learner_card_value(42)))


def test_the_trainer_scans_a_registered_learner_in(running):
    session, part, trainer = running
    learner = make_person()
    registration = confirm(session, learner)
    done = services.check_in_by_card(trainer, part, codes.learner_card_value(learner.pk))
    assert done.person == learner
    attendance = done.attendance
    assert (attendance.status, attendance.method, attendance.recorded_by) == (
        AttendanceStatus.PRESENT,
        AttendanceMethod.QR,
        trainer,
    )
    registration.refresh_from_db()
    assert registration.attendance_percent == 50


def test_another_learners_card_checks_in_that_learner_only(running):
    session, part, trainer = running
    at_the_door, owner = make_person(), make_person()
    confirm(session, at_the_door)
    confirm(session, owner)
    services.check_in_by_card(trainer, part, codes.learner_card_value(owner.pk))
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [owner.pk]


def test_a_card_of_someone_not_registered_is_refused_by_name(running):
    session, part, trainer = running
    stranger = make_person()
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_by_card(trainer, part, codes.learner_card_value(stranger.pk))
    assert stranger.get_full_name() in refused.value.message
    waiting = make_person()
    registration = confirm(session, waiting)
    registration.status = RegistrationStatus.WAITLISTED
    registration.save()
    with pytest.raises(CheckInRefused) as refused:
        services.check_in_by_card(trainer, part, codes.learner_card_value(waiting.pk))
    assert waiting.get_full_name() in refused.value.message
    assert not Attendance.objects.exists()


def test_a_forged_card_is_refused_at_the_scanner(running):
    session, part, trainer = running
    learner = make_person()
    confirm(session, learner)
    forged = codes.learner_card_value(learner.pk).replace(f"u{learner.pk}:", "u1:")
    with pytest.raises(CheckInRefused):
        services.check_in_by_card(trainer, part, forged)
    assert not Attendance.objects.exists()


def test_a_card_scanned_twice_counts_once(running):
    session, part, trainer = running
    learner = make_person()
    confirm(session, learner)
    value = codes.learner_card_value(learner.pk)
    services.check_in_by_card(trainer, part, value)
    with pytest.raises(AlreadyCheckedIn):
        services.check_in_by_card(trainer, part, value)
    assert Attendance.objects.count() == 1


def test_scanning_outside_the_window_is_refused(running):
    session, part, trainer = running
    learner = make_person()
    confirm(session, learner)
    later = part.ends_at + datetime.timedelta(hours=2)
    with pytest.raises(CheckInRefused):
        services.check_in_by_card(trainer, part, codes.learner_card_value(learner.pk), now=later)
    assert not Attendance.objects.exists()


def test_a_learner_cannot_scan_cards(running):
    session, part, _ = running
    learner, other = make_person(), make_person()
    confirm(session, other)
    with pytest.raises(NotAllowed):
        services.check_in_by_card(learner, part, codes.learner_card_value(other.pk))


def test_the_roster_marks_each_status_and_the_percentage_follows(running):
    session, part, trainer = running
    second = session.parts.order_by("starts_at").last()
    learner = make_person()
    registration = confirm(session, learner)
    assert services.mark_roster(trainer, part, {learner.pk: AttendanceStatus.LATE}) == 1
    registration.refresh_from_db()
    assert registration.attendance_percent == 50
    services.mark_roster(trainer, second, {learner.pk: AttendanceStatus.PRESENT})
    registration.refresh_from_db()
    assert registration.attendance_percent == 100
    assert registration.attendance_met
    services.mark_roster(trainer, second, {learner.pk: AttendanceStatus.EXCUSED})
    registration.refresh_from_db()
    assert registration.attendance_percent == 50
    assert not registration.attendance_met
    services.mark_roster(trainer, part, {learner.pk: ""})
    registration.refresh_from_db()
    assert registration.attendance_percent == 0
    assert not Attendance.objects.filter(part=part).exists()
    assert services.mark_roster(trainer, second, {learner.pk: AttendanceStatus.EXCUSED}) == 0


def test_the_percentage_is_weighted_by_the_length_of_each_part():
    session = make_session(parts=1, minutes=60)
    long_part = Part.objects.create(
        session=session,
        title="Chiều: Hỏi đáp",
        starts_at=timezone.now() + datetime.timedelta(days=3, hours=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=6),
    )
    trainer = make_person(Role.TRAINER)
    learner = make_person()
    registration = confirm(session, learner)
    services.mark_roster(
        trainer, long_part, {learner.pk: AttendanceStatus.PRESENT}, now=long_part.starts_at
    )
    registration.refresh_from_db()
    assert (registration.attended_minutes, registration.attendance_percent) == (180, 75)


def test_the_roster_refuses_people_not_confirmed_and_unknown_statuses(running):
    session, part, trainer = running
    learner, stranger = make_person(), make_person()
    confirm(session, learner)
    with pytest.raises(TrainingError):
        services.mark_roster(
            trainer,
            part,
            {learner.pk: AttendanceStatus.PRESENT, stranger.pk: AttendanceStatus.PRESENT},
        )
    with pytest.raises(TrainingError):
        services.mark_roster(trainer, part, {learner.pk: "here"})
    with pytest.raises(NotAllowed):
        services.mark_roster(learner, part, {learner.pk: AttendanceStatus.PRESENT})
    assert not Attendance.objects.exists()


def test_a_walk_in_needs_a_name_a_unit_and_a_part_of_this_session(running):
    session, part, trainer = running
    other_part = make_session().parts.first()
    with pytest.raises(TrainingError):
        services.record_walk_in(trainer, session, full_name=" ", unit_name="Xã A", parts=[part])
    with pytest.raises(TrainingError):
        services.record_walk_in(trainer, session, full_name="Lê Văn Tám", parts=[part])
    with pytest.raises(TrainingError):
        services.record_walk_in(
            trainer, session, full_name="Lê Văn Tám", unit_name="Xã A", parts=[]
        )
    with pytest.raises(TrainingError):
        services.record_walk_in(
            trainer, session, full_name="Lê Văn Tám", unit_name="Xã A", parts=[other_part]
        )
    with pytest.raises(NotAllowed):
        services.record_walk_in(
            make_person(), session, full_name="Lê Văn Tám", unit_name="Xã A", parts=[part]
        )
    assert not session.walk_ins.exists()


def test_a_walk_in_is_linked_later_and_their_attendance_moves_to_the_account(running):
    session, _, trainer = running
    session.capacity = 1
    session.save()
    confirm(session, make_person())
    walk_in = services.record_walk_in(
        trainer,
        session,
        full_name="Lê  Văn Tám",
        unit_name="UBND xã Hải Lăng",
        email="LeVanTam@Example.vn",
        parts=list(session.parts.all()),
    )
    assert walk_in.full_name == "Lê Văn Tám"
    assert walk_in.email == "levantam@example.vn"
    assert walk_in.attendances.count() == 2
    person = make_person(unit=DepartmentFactory())
    registration = services.link_walk_in(trainer, walk_in, person)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.source == RegistrationSource.WALK_IN
    assert registration.attendance_percent == 100
    assert Attendance.objects.filter(user=person).count() == 2
    walk_in.refresh_from_db()
    assert walk_in.linked_user == person
    with pytest.raises(TrainingError):
        services.link_walk_in(trainer, walk_in, make_person())


def test_linking_keeps_the_better_of_two_marks_for_the_same_part(running):
    session, part, trainer = running
    second = session.parts.order_by("starts_at").last()
    person = make_person()
    confirm(session, person)
    services.mark_roster(trainer, part, {person.pk: AttendanceStatus.ABSENT})
    services.mark_roster(trainer, second, {person.pk: AttendanceStatus.PRESENT})
    walk_in = services.record_walk_in(
        trainer, session, full_name="Người đến muộn", unit_name="Sở KH&CN", parts=[part, second]
    )
    services.link_walk_in(trainer, walk_in, person)
    marks = dict(Attendance.objects.filter(user=person).values_list("part_id", "status"))
    assert marks == {part.pk: AttendanceStatus.PRESENT, second.pk: AttendanceStatus.PRESENT}
    assert not Attendance.objects.filter(walk_in=walk_in).exists()
    assert Registration.objects.get(user=person).attendance_percent == 100


def test_changing_a_part_recomputes_everyone(running, django_capture_on_commit_callbacks):
    session, part, trainer = running
    learner = make_person()
    registration = confirm(session, learner)
    services.mark_roster(trainer, part, {learner.pk: AttendanceStatus.PRESENT})
    second = session.parts.order_by("starts_at").last()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    registration.refresh_from_db()
    assert registration.attendance_percent == 100


def test_the_roster_refuses_marks_outside_the_sessions_days(running):
    session, part, trainer = running
    learner = make_person()
    confirm(session, learner)
    day_before = part.starts_at - datetime.timedelta(days=1)
    week_after = part.ends_at + datetime.timedelta(days=7)
    for when in (day_before, week_after):
        with pytest.raises(TrainingError, match="Chưa có gì được lưu"):
            services.mark_roster(trainer, part, {learner.pk: AttendanceStatus.PRESENT}, now=when)
    assert not Attendance.objects.exists()
    later_today = part.ends_at + datetime.timedelta(minutes=30)
    services.mark_roster(trainer, part, {learner.pk: AttendanceStatus.PRESENT}, now=later_today)
    assert Attendance.objects.filter(part=part, user=learner).exists()


def test_a_future_part_cannot_be_marked_before_its_day():
    session = make_session(parts=1)
    trainer, learner = make_person(Role.TRAINER), make_person()
    confirm(session, learner)
    with pytest.raises(TrainingError):
        services.mark_roster(trainer, session.parts.get(), {learner.pk: AttendanceStatus.PRESENT})
    assert not Attendance.objects.exists()


def test_attendance_shows_rounded_but_the_threshold_compares_the_exact_share():
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(parts=1, start=start, minutes=199, attendance_threshold=80)
    first = session.parts.get()
    Part.objects.create(
        session=session,
        title="Phần 2",
        starts_at=first.ends_at,
        ends_at=first.ends_at + datetime.timedelta(minutes=51),
    )
    trainer, learner = make_person(Role.TRAINER), make_person()
    registration = confirm(session, learner)
    services.mark_roster(trainer, first, {learner.pk: AttendanceStatus.PRESENT}, now=start)
    registration.refresh_from_db()
    # 199 of 250 minutes is 79.6 %: shown as 80 %, still short of an 80 % threshold.
    assert registration.attendance_percent == 80
    assert not registration.attendance_met
    assert registration.reaches(79)
