"""The xAPI benchmark command runs end to end against a live server (tiny N, no timing asserted)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from quizzes.h5p.models import H5PResult, XAPIStatement

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_xapi_posts_accepted_statements_and_prints_its_result(live_server):
    out, err = io.StringIO(), io.StringIO()
    call_command("bench_xapi", url=live_server.url, learners=1, seconds=0.5, stdout=out, stderr=err)
    printed = out.getvalue()
    assert re.search(r"^RESULT statements_per_s=\d+\.\d p95_ms=\d+\.\d$", printed, re.M), printed
    assert re.search(r"errors=0 .*loadavg=", printed), (printed, err.getvalue())
    # Every check passed: the statements are stored, batched by three. One learner: the live
    # server shares the test's single SQLite connection, which concurrent requests would break.
    assert XAPIStatement.objects.count() % 3 == 0 and XAPIStatement.objects.count() >= 3
    assert H5PResult.objects.count() == 1
