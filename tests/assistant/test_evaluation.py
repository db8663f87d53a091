"""On the demo catalogue and lessons, the assistant cites a right source in its first three
answers for at least nine questions in ten, far above the AND-of-substrings search it replaces."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assistant.evaluation import evaluate, load_questions
from assistant.indexing import rebuild_index
from courses.demo.load import load_demo_catalogue

pytestmark = pytest.mark.django_db


def test_top_three_hit_rate_on_the_demo_is_at_least_nine_in_ten():
    # One test for the whole set: loading the demo is the slow part.
    load_demo_catalogue()
    rebuild_index()
    data = load_questions()
    assert len(data["questions"]) >= 26
    report = evaluate(data)
    assert report.hit3 >= 0.9, report.misses
    assert report.baseline_hit3 < report.hit3
    assert report.declined == report.out_of_scope
    out = io.StringIO()
    call_command("eval_assistant", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith(f"RESULT questions={report.questions} top3_hit_rate=")
    assert " baseline_hit_rate=" in last
