"""A finished SCORM activity counts like any lesson: the course's completion rule, the managers'
report facts and an automatically issued certificate all follow from it."""

from __future__ import annotations

import pytest

from certificates.models import Certificate, CertificateRule
from courses.models import Enrolment
from courses.services import enrol
from reports.models import CourseFact
from scorm.services import tracking
from tests.factories import make_course
from tests.scorm.factories import finished_2004, grant_for, make_activity, make_package
from tests.scorm.packages import build_2004

pytestmark = pytest.mark.django_db


def test_scorm_completion_feeds_progress_facts_and_certificate(
    learner, django_capture_on_commit_callbacks
):
    course = make_course(modules=1, lessons_per_module=0)
    activity = make_activity(course, make_package(build_2004()))
    CertificateRule.objects.create(course=course, auto_issue=True)
    enrol(learner, course)
    first, second = activity.package.scos.all()
    with django_capture_on_commit_callbacks(execute=True):
        one = tracking.open_attempt(learner, activity, first)
        tracking.record_commit(learner, activity, grant_for(one), finished_2004(), terminate=True)
    assert Enrolment.objects.get(user=learner).completed_at is None
    assert not Certificate.objects.filter(person=learner).exists()
    with django_capture_on_commit_callbacks(execute=True):
        two = tracking.open_attempt(learner, activity, second)
        tracking.record_commit(learner, activity, grant_for(two), finished_2004(), terminate=True)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.progress_percent == 100 and enrolment.completed_at is not None
    fact = CourseFact.objects.get(user=learner, course=course)
    assert fact.completed_at is not None and fact.progress_percent == 100
    assert Certificate.objects.filter(person=learner, course=course).exists()
