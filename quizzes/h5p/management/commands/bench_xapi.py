"""Post realistic xAPI statements from N concurrent learners to a running server."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib import loadgen
from quizzes.h5p.bench import plan


class Command(BaseCommand):
    help = (
        "Create the benchmark's course, activity and N enrolled, signed-in learners in this "
        "site's database, then post their statements (progressed, answered with score, "
        "completed) concurrently to the server at --url for --seconds; print "
        "`RESULT statements_per_s=<x> p95_ms=<y>` and the load average. The server must use "
        "the same database and SECRET_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", required=True, help="the running server, e.g. http://127.0.0.1:8123"
        )
        parser.add_argument("--learners", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=20)
        parser.add_argument(
            "--batch",
            type=int,
            default=3,
            help="statements per request: 3 sends each answered question's statements together "
            "(as our lesson page does), 1 sends every statement alone",
        )
        parser.add_argument("--prepare", action="store_true", help="only create the data")
        parser.add_argument("--plan-out", default="", help="also write the load plan (JSON) here")

    def handle(self, *args: Any, **options: Any) -> None:
        learners, seconds = int(options["learners"]), float(options["seconds"])
        if learners < 1 or seconds <= 0 or options["batch"] < 1:
            raise CommandError("--learners and --batch must be at least 1, --seconds above 0")
        load = plan(options["url"], learners, batch=int(options["batch"]))
        if options["plan_out"]:
            with open(options["plan_out"], "w", encoding="utf-8") as out:
                json.dump(load, out)
        if options["prepare"]:
            self.stdout.write(f"Prepared {learners} learners.")
            return
        outcome = loadgen.run(load["learners"], seconds)
        self.stdout.write(outcome.result_line())
        self.stdout.write(outcome.detail_line())
        if outcome.first_error:
            self.stderr.write(f"first error: {outcome.first_error}")
        if not outcome.statements:
            raise CommandError("No statement was accepted.")
