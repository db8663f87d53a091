"""Create the load test's course and N learners; write the plan the locustfile reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizzes.loadtest import prepare


class Command(BaseCommand):
    help = (
        "Create (or reuse) the load test's published course, its lessons and quiz, and N "
        "enrolled learners `loadtest-<n>` with a new random password; write the plan (URLs "
        "and accounts) as JSON for loadtest/locustfile.py. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=50)
        parser.add_argument(
            "--out",
            default=str(Path(settings.VAR_DIR) / "loadtest" / "plan.json"),
            help="where to write the plan (holds the learners' password: keep it private)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        learners = int(options["learners"])
        if learners < 1:
            raise CommandError("--learners must be at least 1")
        plan = prepare(learners)
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
        out.chmod(0o600)
        self.stdout.write(
            f"Prepared {learners} learners enrolled in {plan['course']} "
            f"({len(plan['lessons'])} lessons and the quiz {plan['quiz']}); plan in {out}."
        )
