"""Tracking: the raw commit log, the attempt's current state, resume, attempts, completion of
the lesson from every SCO (simple sequencing), and that a learner writes only their own."""

from __future__ import annotations

import pytest

from courses.models import Enrolment, LessonCompletion
from courses.services import enrol
from scorm.models import CmiCommit
from scorm.services import tracking
from scorm.tokens import LaunchGrant
from tests.scorm.factories import finished_2004, grant_for, make_activity, make_package
from tests.scorm.packages import build_12, build_2004

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity_12(course, learner):
    page = make_activity(course, make_package(build_12()))
    enrol(learner, course)
    return page


@pytest.fixture
def activity_2004(course, learner):
    page = make_activity(course, make_package(build_2004()))
    enrol(learner, course)
    return page


MIDWAY_12 = {
    "cmi": {
        "core": {
            "lesson_status": "incomplete",
            "lesson_location": "trang-2",
            "exit": "suspend",
            "session_time": "00:00:30",
        },
        "suspend_data": "da-xem=1;cau-hoi=0",
    }
}
FINISHED_12 = {
    "cmi": {
        "core": {
            "lesson_status": "passed",
            "lesson_location": "trang-2",
            "exit": "",
            "session_time": "00:01:00",
            "score": {"raw": "80", "min": "0", "max": "100"},
        },
        "suspend_data": "da-xem=2;cau-hoi=1",
        "interactions": {
            "0": {"id": "cau-1", "type": "choice", "result": "correct", "student_response": "b"}
        },
    }
}


def test_commits_are_logged_raw_and_fold_into_the_current_state(activity_12, learner):
    sco = activity_12.package.scos.get()
    attempt = tracking.open_attempt(learner, activity_12, sco)
    tracking.record_commit(learner, activity_12, grant_for(attempt), MIDWAY_12, terminate=False)
    attempt.refresh_from_db()
    assert (attempt.lesson_status, attempt.location, attempt.suspend_data, attempt.exit) == (
        "incomplete",
        "trang-2",
        "da-xem=1;cau-hoi=0",
        "suspend",
    )
    assert not attempt.completed and attempt.passed is None
    tracking.record_commit(learner, activity_12, grant_for(attempt), FINISHED_12, terminate=True)
    attempt.refresh_from_db()
    assert (attempt.score_raw, attempt.score_max, attempt.percent) == (80, 100, 80)
    assert attempt.completed and attempt.passed is True and attempt.terminated
    assert attempt.interactions == [
        {"id": "cau-1", "type": "choice", "result": "correct", "student_response": "b"}
    ]
    assert attempt.total_time.total_seconds() == 60
    assert [c.data for c in CmiCommit.objects.filter(attempt=attempt)] == [MIDWAY_12, FINISHED_12]
    assert LessonCompletion.objects.filter(user=learner, lesson=activity_12).exists()
    assert Enrolment.objects.get(user=learner).lessons_done == 1


def test_commit_log_is_append_only(activity_12, learner):
    attempt = tracking.open_attempt(learner, activity_12, activity_12.package.scos.get())
    tracking.record_commit(learner, activity_12, grant_for(attempt), MIDWAY_12, terminate=False)
    row = CmiCommit.objects.get()
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        CmiCommit.objects.all().delete()
    with pytest.raises(TypeError):
        CmiCommit.objects.update(terminate=True)


def test_resume_restores_location_and_suspend_data(activity_12, learner):
    sco = activity_12.package.scos.get()
    attempt = tracking.open_attempt(learner, activity_12, sco)
    assert tracking.resume_data(attempt, learner, scorm_12=True)["core"]["entry"] == "ab-initio"
    tracking.record_commit(learner, activity_12, grant_for(attempt), MIDWAY_12, terminate=True)
    again = tracking.open_attempt(learner, activity_12, sco)
    assert again.pk == attempt.pk  # suspended: the same attempt goes on
    data = tracking.resume_data(again, learner, scorm_12=True)
    assert data["core"]["entry"] == "resume"
    assert data["core"]["lesson_location"] == "trang-2"
    assert data["suspend_data"] == "da-xem=1;cau-hoi=0"
    assert data["core"]["student_id"] == f"learner-{learner.pk}"


def test_a_normal_exit_starts_a_new_attempt_next_time(activity_12, learner):
    sco = activity_12.package.scos.get()
    first = tracking.open_attempt(learner, activity_12, sco)
    tracking.record_commit(learner, activity_12, grant_for(first), FINISHED_12, terminate=True)
    second = tracking.open_attempt(learner, activity_12, sco)
    assert second.number == 2 and second.pk != first.pk
    assert "suspend_data" not in tracking.resume_data(second, learner, scorm_12=True)
    with pytest.raises(tracking.CommitRejected):
        tracking.record_commit(learner, activity_12, grant_for(first), MIDWAY_12, terminate=False)


def test_learner_cannot_write_another_learners_attempt(activity_12, learner, other_learner, course):
    enrol(other_learner, course)
    attempt = tracking.open_attempt(learner, activity_12, activity_12.package.scos.get())
    stolen = grant_for(attempt)
    with pytest.raises(tracking.NotYourAttempt):
        tracking.record_commit(other_learner, activity_12, stolen, FINISHED_12, terminate=True)
    forged = LaunchGrant(**{**stolen.__dict__, "user_id": other_learner.pk})
    with pytest.raises(tracking.NotYourAttempt):
        tracking.record_commit(other_learner, activity_12, forged, FINISHED_12, terminate=True)
    assert not CmiCommit.objects.exists()


def test_unenrolled_learner_cannot_commit(activity_12, other_learner, learner):
    attempt = tracking.open_attempt(learner, activity_12, activity_12.package.scos.get())
    grant = LaunchGrant(**{**grant_for(attempt).__dict__, "user_id": other_learner.pk})
    with pytest.raises(tracking.ActivityNotAvailable):
        tracking.record_commit(other_learner, activity_12, grant, MIDWAY_12, terminate=False)


@pytest.mark.parametrize(
    "bad",
    [
        {"cmi": {"core": {"lesson_status": "xong"}}},
        {"cmi": {"core": {"score": {"raw": "tám mươi"}}}},
        {"cmi": {"core": {"session_time": "mot phut"}}},
        {"cmi": {"suspend_data": "x" * 70000}},
        "not an object",
    ],
)
def test_malformed_commits_are_refused(activity_12, learner, bad):
    attempt = tracking.open_attempt(learner, activity_12, activity_12.package.scos.get())
    with pytest.raises(tracking.CommitRejected):
        tracking.record_commit(learner, activity_12, grant_for(attempt), bad, terminate=False)
    assert not CmiCommit.objects.exists()


def test_2004_lesson_completes_only_when_every_sco_is_done(activity_2004, learner):
    first, second = activity_2004.package.scos.all()
    one = tracking.open_attempt(learner, activity_2004, first)
    tracking.record_commit(learner, activity_2004, grant_for(one), finished_2004(), terminate=True)
    one.refresh_from_db()
    assert (one.completion_status, one.success_status, one.score_scaled) == (
        "completed",
        "passed",
        0.8,
    )
    assert one.progress_measure == 1 and one.interactions[0]["id"] == "cau-1"
    assert not LessonCompletion.objects.filter(user=learner).exists()
    two = tracking.open_attempt(learner, activity_2004, second)
    failed = finished_2004("failed")
    tracking.record_commit(learner, activity_2004, grant_for(two), failed, terminate=True)
    assert not LessonCompletion.objects.filter(user=learner).exists()
    retry = tracking.open_attempt(learner, activity_2004, second)
    assert retry.number == 2
    tracking.record_commit(
        learner, activity_2004, grant_for(retry), finished_2004(), terminate=True
    )
    assert LessonCompletion.objects.filter(user=learner, lesson=activity_2004).exists()
    retry.refresh_from_db()
    data = tracking.resume_data(retry, learner, scorm_12=False)
    assert data["learner_id"] == f"learner-{learner.pk}" and data["location"] == "cuoi"


def test_mastery_score_decides_a_pass_when_the_sco_reports_only_completed(activity_12, learner):
    attempt = tracking.open_attempt(learner, activity_12, activity_12.package.scos.get())
    low = {"cmi": {"core": {"lesson_status": "completed", "score": {"raw": "50"}}}}
    tracking.record_commit(learner, activity_12, grant_for(attempt), low, terminate=False)
    attempt.refresh_from_db()
    assert attempt.completed and attempt.passed is False
    assert not LessonCompletion.objects.filter(user=learner).exists()
