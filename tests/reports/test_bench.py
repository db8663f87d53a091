"""`bench_reports` on a small population: it ends with the RESULT line, and the naive matrix
built from raw progress rows agrees with the facts behind the dashboard."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

RESULT = re.compile(r"^RESULT learners=300 dashboard_ms=\d+\.\d naive_ms=\d+\.\d speedup=\d+\.\d$")


@pytest.mark.django_db
def test_small_bench_ends_with_result_and_matching_matrices() -> None:
    out = StringIO()
    # The test database is already a throwaway one: add the population to it.
    call_command("bench_reports", learners=300, repeat=1, in_place=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert RESULT.match(lines[-1]), lines[-1]
    assert any(line.startswith("matrices match: naive = facts") for line in lines), lines
