"""`bench_import` on a small file: it creates then updates every row and ends with RESULT."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from people.models import StaffProfile


@pytest.mark.django_db
def test_small_bench_import_ends_with_result() -> None:
    out = StringIO()
    call_command("bench_import", rows=40, in_place=True, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.match(r"^RESULT rows=40 seconds=\d+\.\d$", lines[-1]), lines
    assert lines[-2].startswith("load average: ")
    assert any(line.startswith("40 rows created:") for line in lines), lines
    assert any(line.startswith("40 rows updated:") for line in lines), lines
    assert StaffProfile.objects.filter(staff_code__startswith="BI").count() == 40


@pytest.mark.django_db
@pytest.mark.parametrize("eager", [True, False])
def test_bench_import_says_when_invitations_are_sent_inline(settings, eager) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    out = StringIO()
    call_command("bench_import", rows=2, in_place=True, stdout=out)
    said = any(line.startswith("no broker") for line in out.getvalue().splitlines())
    assert said is eager
