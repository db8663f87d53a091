"""A broker that cannot be reached never turns a saved request into a 500 or a lost task."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import CertificateJob, JobStatus
from certificates.targets import Target, rule_for
from jobs.models import PendingTask
from jobs.services import sweep
from people.roles import Role
from tests.celery_workers import use_broker
from tests.certificates.factories import attend, held_session, learner
from tests.factories import DepartmentFactory, make_person
from tests.training.factories import make_session
from training.models import Registration, RegistrationStatus
from training.services import register

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every publish is refused.
DEAD_BROKER = "redis://127.0.0.1:1/0"
WAITING = "Yêu cầu của bạn đã được lưu"


def _after_grace() -> None:
    """Age the waiting tasks past the grace the sweeper leaves to their own dispatch."""
    PendingTask.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))


# Transactional: on-commit work runs inside the request, as in production, not after the test.
@pytest.mark.django_db(transaction=True)
def test_registration_is_saved_and_the_email_sent_once_the_broker_is_back(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    session = make_session(start=timezone.now() + datetime.timedelta(days=2))
    person = make_person(unit=DepartmentFactory())
    client.force_login(person)

    with use_broker(DEAD_BROKER):
        response = client.post(reverse("training:register", args=[session.pk]))

    assert response.status_code == 302
    assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED
    email = PendingTask.objects.get(task="training.tasks.send_registration_email")
    assert email.attempts == 1 and "OperationalError" in email.last_error
    assert WAITING in client.get(response["Location"]).content.decode()
    assert mailoutbox == []
    assert client.get("/healthz").json()["tasks_waiting"] >= 1

    # The broker is back (here the embedded, eager mode): the sweeper hands the task over.
    _after_grace()
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep()
    assert result.waiting == 0 and result.resent >= 1
    assert not PendingTask.objects.exists()
    assert client.get("/healthz").json()["tasks_waiting"] == 0
    assert [m.to for m in mailoutbox] == [[person.email]]


@pytest.mark.django_db(transaction=True)
def test_a_certificate_export_waits_for_the_broker_instead_of_queuing_forever(
    client, django_capture_on_commit_callbacks
):
    admin = make_person(Role.MINISTRY_ADMIN)
    session = held_session()
    for n in range(2):
        attend(session, learner(f"Nguyễn Văn Bình {n}"), 100)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.start_issue_job(admin, rule_for(Target(session=session)), notify=False)
    client.force_login(admin)

    with use_broker(DEAD_BROKER):
        response = client.post(
            reverse("certificates:manage_export"), {"kind": "zip", "session": session.pk}
        )

    job = CertificateJob.objects.get(kind="zip")
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert PendingTask.objects.filter(task="certificates.tasks.run_job", args=[job.pk]).exists()
    assert WAITING in client.get(response["Location"]).content.decode()

    _after_grace()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert job.output.name.endswith(".zip")


def test_the_sweeper_leaves_a_fresh_task_to_its_own_dispatch(django_capture_on_commit_callbacks):
    PendingTask.objects.create(task="jobs.tasks.sweep", args=[])
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep()
    assert (result.resent, result.waiting) == (0, 1)


def test_a_task_the_broker_took_leaves_no_record(django_capture_on_commit_callbacks):
    session = make_session(start=timezone.now() + datetime.timedelta(days=2))
    person = make_person(unit=DepartmentFactory())
    with use_broker("memory://"), django_capture_on_commit_callbacks(execute=True):
        register(person, session)
    assert not PendingTask.objects.filter(task="training.tasks.send_registration_email").exists()
