"""Many people at once: the session row lock keeps capacity exact and the waiting list fair.

SQLite serialises writers anyway, so these run on PostgreSQL (CI) where the locks matter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tests.factories import make_person
from tests.training.factories import make_session
from training import services
from training.models import Registration, RegistrationStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(actions: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_people_racing_for_the_last_seats_never_exceed_the_capacity():
    session = make_session(capacity=3)
    people = [make_person() for _ in range(8)]
    _all_at_once([lambda p=p: services.register(p, session) for p in people])
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 5


def test_two_cancellations_at_once_promote_two_different_people():
    session = make_session(capacity=2)
    people = [make_person() for _ in range(5)]
    registrations = [services.register(p, session) for p in people]
    _all_at_once([lambda r=r: services.cancel_registration(r.user, r) for r in registrations[:2]])
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert [statuses[p.pk] for p in people] == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
