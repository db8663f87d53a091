"""Two requests at the same moment: row locks make a double submit or double start count once.

SQLite serialises writers anyway, so these run on PostgreSQL (CI) where the locks matter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from quizzes import services
from quizzes.exceptions import AttemptClosed
from quizzes.models import Attempt, QuizResult
from tests.quizzes.helpers import answers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(action: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            action()
            outcomes.append("ok")
        except AttemptClosed:
            outcomes.append("closed")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_simultaneous_submits_count_once(learner, quiz):
    attempt = services.start_attempt(learner, quiz)
    given = answers(attempt, right=4)
    assert _race(lambda: services.submit_attempt(learner, attempt.pk, given)) == ["closed", "ok"]
    attempt.refresh_from_db()
    assert attempt.score == 4
    assert QuizResult.objects.get(user=learner, quiz=quiz).attempts == 1


def test_simultaneous_starts_make_one_attempt(learner, quiz):
    assert _race(lambda: services.start_attempt(learner, quiz)) == ["ok", "ok"]
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1
