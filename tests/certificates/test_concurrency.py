"""Serial numbers under concurrency, on PostgreSQL where the counter row lock really holds."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from certificates import services
from certificates.errors import AlreadyIssued
from certificates.models import Certificate, SerialCounter
from tests.certificates.factories import course_with_rule, finish_course, learner

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_in_threads(work, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:  # noqa: BLE001 - collected and checked by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


def test_concurrent_issues_never_share_or_skip_a_serial():
    course, _rule = course_with_rule(auto_issue=False)
    people = [learner(f"Người Thứ {i}") for i in range(12)]
    for person in people:
        finish_course(person, course)

    errors = _run_in_threads(
        lambda i: services.issue_certificate(people[i], course=course, notify=False), len(people)
    )

    assert errors == []
    seqs = sorted(Certificate.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(people) + 1))
    assert Certificate.objects.values("serial").distinct().count() == len(people)
    assert SerialCounter.objects.get().last == len(people)


def test_concurrent_issues_for_one_person_give_one_certificate():
    course, _rule = course_with_rule(auto_issue=False)
    person = learner("Trần Quốc Toản")
    finish_course(person, course)

    errors = _run_in_threads(
        lambda i: services.issue_certificate(person, course=course, notify=False), 6
    )

    assert all(isinstance(error, AlreadyIssued) for error in errors)
    assert Certificate.objects.filter(person=person, status="valid").count() == 1
    assert SerialCounter.objects.get().last == 1
