"""`run_loadtest` at a small N against a real gunicorn and Celery worker (PostgreSQL + Redis): the
learner's whole path passes its checks and the command ends with its RESULT line; a broken step
is counted as an error and fails the run."""

from __future__ import annotations

import re
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.loadtest import QUIZ_SLUG
from quizzes.models import Attempt, AttemptState, QuizPage

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RESULT = re.compile(
    r"^RESULT users=3 requests=(\d+) errors=0 catalogue_p95_ms=(\d+) submit_p95_ms=(\d+) "
    r"submit_vs_catalogue=\d+\.\d\d$"
)


def test_three_learners_walk_the_path_without_errors(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "run_loadtest",
        users=3,
        seconds=12,
        workers=2,
        wait="0.1,0.3",
        server_settings="config.settings.worker_test",
        queue=f"test-{uuid.uuid4().hex[:8]}",
        out_dir=str(tmp_path),
        stdout=out,
    )
    lines = out.getvalue().strip().splitlines()
    found = RESULT.match(lines[-1])
    assert found, out.getvalue()
    assert lines[-2].startswith("load average: "), lines
    rows = [line for line in lines if re.match(r"^[a-z ]+ +(GET|POST) +\d+ +0 ", line)]
    for step in ("catalogue", "lesson", "mark done", "quiz start", "autosave", "submit", "review"):
        assert any(row.startswith(f"{step} ") for row in rows), (step, out.getvalue())
    assert int(found.group(3)) > 0
    # The servers wrote to this database: the learners' attempts were graded.
    done = Attempt.objects.filter(
        user__username__startswith="loadtest-", state=AttemptState.FINISHED
    )
    assert done.count() >= 1


def test_a_broken_step_is_counted_and_fails_the_run(tmp_path: Path) -> None:
    call_command("prepare_loadtest", learners=1, out=str(tmp_path / "plan.json"), stdout=StringIO())
    QuizPage.objects.get(slug=QUIZ_SLUG).unpublish()  # quiz start now answers 404
    out = StringIO()
    with pytest.raises(CommandError, match=r"^[1-9]\d* errors in \d+ requests$"):
        call_command(
            "run_loadtest",
            users=1,
            seconds=5,
            workers=1,
            wait="0.1,0.2",
            server_settings="config.settings.worker_test",
            queue=f"test-{uuid.uuid4().hex[:8]}",
            out_dir=str(tmp_path),
            stdout=out,
        )
    printed = out.getvalue()
    assert re.search(r"^quiz start +POST +\d+ +[1-9]\d* ", printed, re.M), printed
    assert re.search(r"^failure: quiz start: .*HTTP 404", printed, re.M), printed
    assert re.search(r"^RESULT users=1 requests=\d+ errors=[1-9]", printed, re.M), printed
