"""Registration: self and bulk, approval, capacity and the waiting list, cancelling, e-mails."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from people.roles import Role
from tests.factories import CommuneFactory, DepartmentFactory, ProvinceFactory, make_person
from tests.training.factories import make_session
from training import services
from training.errors import CancellationRefused, NotAllowed, RegistrationRefused
from training.models import Registration, RegistrationSource, RegistrationStatus, SessionStatus

pytestmark = pytest.mark.django_db


def test_self_registration_is_confirmed_with_an_ics_for_every_part(
    django_capture_on_commit_callbacks,
):
    session = make_session(parts=2, capacity=10)
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(learner, session)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.source == RegistrationSource.SELF
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert session.title in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert content.count("BEGIN:VEVENT") == 2
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:" in content


def test_registering_twice_returns_the_same_registration(django_capture_on_commit_callbacks):
    session = make_session()
    learner = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.register(learner, session)
        second = services.register(learner, session)
    assert first.pk == second.pk
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_past_capacity_people_join_the_waiting_list_in_order():
    session = make_session(capacity=2)
    people = [make_person() for _ in range(4)]
    statuses = [services.register(p, session).status for p in people]
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    from training.selectors import waitlist_position

    third = Registration.objects.get(user=people[2])
    fourth = Registration.objects.get(user=people[3])
    assert (waitlist_position(third), waitlist_position(fourth)) == (1, 2)


def test_cancelling_a_confirmed_place_promotes_the_first_person_waiting(
    django_capture_on_commit_callbacks,
):
    session = make_session(capacity=1)
    first, second, third = make_person(), make_person(), make_person()
    taken = services.register(first, session)
    services.register(second, session)
    services.register(third, session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first, taken)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {
        first.pk: RegistrationStatus.CANCELLED,
        second.pk: RegistrationStatus.CONFIRMED,
        third.pk: RegistrationStatus.WAITLISTED,
    }
    promoted = [m for m in mail.outbox if m.to == [second.email]]
    assert len(promoted) == 1 and promoted[0].attachments


def test_cancelling_a_waitlisted_place_promotes_nobody():
    session = make_session(capacity=1)
    first, second, third = make_person(), make_person(), make_person()
    services.register(first, session)
    waiting = services.register(second, session)
    services.register(third, session)
    services.cancel_registration(second, waiting)
    assert Registration.objects.get(user=third).status == RegistrationStatus.WAITLISTED


def test_cancelling_after_the_deadline_is_refused_and_changes_nothing():
    session = make_session()
    learner = make_person()
    registration = services.register(learner, session)
    later = session.registration_deadline + datetime.timedelta(minutes=1)
    with pytest.raises(CancellationRefused) as refused:
        services.cancel_registration(learner, registration, now=later)
    assert refused.value.message
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_someone_else_cannot_cancel_a_registration():
    session = make_session()
    learner, other = make_person(), make_person()
    registration = services.register(learner, session)
    with pytest.raises(NotAllowed):
        services.cancel_registration(other, registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registering_after_the_deadline_or_when_not_open_is_refused():
    learner = make_person()
    session = make_session()
    late = session.registration_deadline + datetime.timedelta(seconds=1)
    with pytest.raises(RegistrationRefused):
        services.register(learner, session, now=late)
    for status in (SessionStatus.DRAFT, SessionStatus.CLOSED, SessionStatus.CANCELLED):
        session.status = status
        session.save()
        with pytest.raises(RegistrationRefused):
            services.register(learner, session)
    assert not Registration.objects.exists()


def test_only_invited_provinces_and_units_may_register():
    quang_tri = ProvinceFactory(name="Quảng Trị", code="quang-tri")
    other = ProvinceFactory(name="Lai Châu", code="lai-chau")
    session = make_session()
    session.invited_provinces.add(quang_tri)
    session.save()
    inside = make_person(unit=DepartmentFactory(province=quang_tri))
    commune_staff = make_person(unit=CommuneFactory(province=quang_tri))
    outside = make_person(unit=DepartmentFactory(province=other))
    assert services.register(inside, session).status == RegistrationStatus.CONFIRMED
    assert services.register(commune_staff, session).status == RegistrationStatus.CONFIRMED
    with pytest.raises(RegistrationRefused):
        services.register(outside, session)


def test_an_invited_unit_includes_its_communes():
    department = DepartmentFactory()
    commune = CommuneFactory(province=department.province, parent=department)
    session = make_session()
    session.invited_units.add(department)
    session.save()
    session.refresh_from_db()
    assert services.is_invited(session, make_person(unit=commune))
    assert not services.is_invited(session, make_person())


def test_registration_after_cancelling_is_revived_at_the_back_of_the_queue():
    session = make_session(capacity=1)
    first, second = make_person(), make_person()
    mine = services.register(first, session)
    services.cancel_registration(first, mine)
    services.register(second, session)
    again = services.register(first, session)
    assert again.pk == mine.pk
    assert again.status == RegistrationStatus.WAITLISTED


def test_approval_is_needed_and_given_by_the_manager_of_the_province_only():
    province = ProvinceFactory()
    department = DepartmentFactory(province=province)
    session = make_session(requires_approval=True, capacity=1)
    first = make_person(unit=department)
    second = make_person(unit=department)
    manager = make_person(Role.PROVINCE_MANAGER, unit=department)
    stranger = make_person(Role.PROVINCE_MANAGER)
    pending = services.register(first, session)
    assert pending.status == RegistrationStatus.PENDING
    with pytest.raises(NotAllowed):
        services.decide_registration(stranger, pending, approve=True)
    with pytest.raises(NotAllowed):
        services.decide_registration(second, pending, approve=True)
    assert services.pending_for(stranger, session) == []
    assert [r.pk for r in services.pending_for(manager, session)] == [pending.pk]
    approved = services.decide_registration(manager, pending, approve=True)
    assert approved.status == RegistrationStatus.CONFIRMED
    assert approved.decided_by == manager
    later = services.register(second, session)
    assert services.decide_registration(manager, later, approve=True).status == (
        RegistrationStatus.WAITLISTED
    )
    with pytest.raises(RegistrationRefused):
        services.decide_registration(manager, later, approve=True)


def test_a_refused_registration_holds_no_seat():
    session = make_session(requires_approval=True, capacity=1)
    learner = make_person()
    admin = make_person(Role.MINISTRY_ADMIN)
    refused = services.decide_registration(
        admin, services.register(learner, session), approve=False
    )
    assert refused.status == RegistrationStatus.REJECTED
    assert services.register(learner, session).status == RegistrationStatus.PENDING


def test_a_manager_registers_their_own_province_only_and_counts_as_approval():
    province = ProvinceFactory()
    department = DepartmentFactory(province=province)
    manager = make_person(Role.PROVINCE_MANAGER, unit=department)
    staff = [make_person(unit=department) for _ in range(3)]
    foreign = make_person()
    session = make_session(capacity=2, requires_approval=True)
    result = services.register_staff(manager, session, [*staff, foreign])
    assert (result.confirmed, result.waitlisted, result.pending) == (2, 1, 0)
    assert result.refused == [foreign.get_full_name()]
    assert not Registration.objects.filter(user=foreign).exists()
    registration = Registration.objects.get(user=staff[0])
    assert registration.source == RegistrationSource.MANAGER
    assert registration.registered_by == manager
    again = services.register_staff(manager, session, staff)
    assert again.already == 3


def test_a_learner_cannot_register_others():
    learner = make_person()
    with pytest.raises(NotAllowed):
        services.register_staff(learner, make_session(), [make_person()])


def test_raising_the_capacity_fills_seats_from_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    session = make_session(capacity=1)
    people = [make_person() for _ in range(3)]
    for person in people:
        services.register(person, session)
    session.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        session.save()
    statuses = [Registration.objects.get(user=p).status for p in people]
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_a_manager_may_cancel_for_their_staff_until_the_session_starts():
    department = DepartmentFactory()
    manager = make_person(Role.PROVINCE_MANAGER, unit=department)
    learner = make_person(unit=department)
    session = make_session()
    registration = services.register(learner, session)
    first_start = session.parts.order_by("starts_at").first().starts_at
    with pytest.raises(CancellationRefused):
        services.cancel_registration(manager, registration, now=first_start)
    cancelled = services.cancel_registration(
        manager, registration, now=first_start - datetime.timedelta(hours=1)
    )
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.cancelled_at is not None
    assert timezone.now() - cancelled.updated_at < datetime.timedelta(minutes=1)


def test_the_preview_counts_people_units_communes_and_seats_without_writing():
    department = DepartmentFactory()
    commune = CommuneFactory(parent=department, province=department.province)
    manager = make_person(Role.PROVINCE_MANAGER, unit=department)
    people = [make_person(unit=department), make_person(unit=commune), make_person(unit=commune)]
    foreign = make_person()
    session = make_session(capacity=2)
    preview = services.preview_staff_registration(manager, session, [*people, foreign])
    assert (preview.new, preview.already, preview.waitlisted) == (3, 0, 1)
    assert preview.refused == [foreign.get_full_name()]
    assert (len(preview.units), preview.communes) == (2, 1)
    assert not Registration.objects.exists()


def test_a_bulk_registration_is_undone_the_same_day_except_for_people_with_attendance():
    from tests.training.factories import confirm
    from training.models import Attendance, AttendanceStatus

    department = DepartmentFactory()
    manager = make_person(Role.PROVINCE_MANAGER, unit=department)
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = make_session(parts=1, start=start, capacity=3)
    session.registration_deadline = timezone.now() + datetime.timedelta(hours=1)
    session.save()
    earlier = make_person(unit=department)
    confirm(session, earlier)  # registered before, not by the batch
    idle, present = make_person(unit=department), make_person(unit=department)
    result = services.register_staff(manager, session, [idle, present, earlier])
    assert result.batch is not None and result.batch.created_count == 2
    waiting = services.register(make_person(), session)
    assert waiting.status == RegistrationStatus.WAITLISTED
    Attendance.objects.create(
        part=session.parts.get(), user=present, status=AttendanceStatus.PRESENT, method="roster"
    )
    with pytest.raises(RegistrationRefused):
        services.undo_bulk_registration(make_person(Role.MINISTRY_ADMIN), result.batch)
    with pytest.raises(RegistrationRefused):
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        services.undo_bulk_registration(manager, result.batch, now=tomorrow)

    undone = services.undo_bulk_registration(manager, result.batch)
    assert (undone.removed, undone.kept) == (1, 1)
    assert not Registration.objects.filter(user=idle).exists()
    assert Registration.objects.filter(user__in=[present, earlier]).count() == 2
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED, "the freed seat goes to the waiting list"
    with pytest.raises(RegistrationRefused):
        services.undo_bulk_registration(manager, result.batch)
