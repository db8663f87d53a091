"""`bench_reports` on a small population: it ends with the RESULT line, after checking that the
page, the facts selector, the plain grouped query and the naive recomputation agree."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

MS = r"\d+\.\d"
RATIO = r"\d+\.\d\d"
RESULT = re.compile(
    rf"^RESULT learners=300 page_ms={MS} selector_ms={MS} plain_ms={MS} naive_ms={MS} "
    rf"speedup_vs_plain={RATIO} speedup_vs_naive={RATIO}$"
)


@pytest.mark.django_db
def test_small_bench_ends_with_result_and_matching_cells() -> None:
    out = StringIO()
    # The test database is already a throwaway one: add the population to it.
    call_command("bench_reports", learners=300, repeat=1, in_place=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert RESULT.match(lines[-1]), lines[-1]
    assert lines[-2].startswith("load average: "), lines[-2]
    assert any(line.startswith("cells match: page = selector = plain = naive") for line in lines), (
        lines
    )
    assert any(re.match(r"^chart months match the facts \(\d+ months\)$", line) for line in lines)
    assert any(re.match(r"^REBUILD facts=\d+ seconds=\d+\.\d$", line) for line in lines), lines
    # --existing --rebuild-only times rebuilding the facts already there, and nothing else.
    again = StringIO()
    call_command("bench_reports", existing=True, rebuild_only=True, stdout=again)
    rebuilt = again.getvalue().strip().splitlines()
    first = next(line for line in lines if line.startswith("REBUILD "))
    assert rebuilt[-2].split(" seconds=")[0] == first.split(" seconds=")[0], rebuilt
    assert rebuilt[-1].startswith("load average: ") and not any("RESULT" in x for x in rebuilt)
