"""Benchmark the managers' dashboard against a naive aggregation of raw progress rows.

Builds a synthetic population in a throwaway database (Django's test-database machinery,
dropped at the end), rebuilds the facts, then times GET /quan-ly/ and the naive matrix.
The last line printed is
`RESULT learners=<N> dashboard_ms=<median> naive_ms=<median> speedup=<naive/dashboard>`.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from reports import bench
from reports.filters import ReportFilters
from reports.selectors import completion_matrix
from reports.services import rebuild_facts


@dataclass(frozen=True)
class Timings:
    dashboard_ms: float
    naive_ms: float

    @property
    def speedup(self) -> float:
        return self.naive_ms / self.dashboard_ms


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `action`, after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Command(BaseCommand):
    help = (
        "Build a synthetic learner population in a throwaway database and time the reports "
        "dashboard against a naive aggregation of raw progress rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=7, help="timed runs of each query")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="use the current database instead of a throwaway one (tests only: it adds "
            "the population to whatever is there)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        learners: int = options["learners"]
        if learners < 1 or options["repeat"] < 1:
            raise CommandError("--learners and --repeat must be at least 1")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # DEBUG off as in production: no query log eating memory and skewing the timings.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            if options["in_place"]:
                timings = self.run(learners, options["repeat"], options["seed"])
            else:
                timings = self.in_throwaway_database(learners, options["repeat"], options["seed"])
        self.stdout.write(
            f"RESULT learners={learners} dashboard_ms={timings.dashboard_ms:.1f} "
            f"naive_ms={timings.naive_ms:.1f} speedup={timings.speedup:.1f}"
        )

    def in_throwaway_database(self, learners: int, repeat: int, seed: int) -> Timings:
        db = connections[DEFAULT_DB_ALIAS]
        if db.vendor != "sqlite":  # SQLite's test database is in memory already.
            db.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_reports_{os.getpid()}"
        start = time.perf_counter()
        old_name = db.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        try:
            self.stdout.write(
                f"throwaway database {db.settings_dict['NAME']} migrated in "
                f"{time.perf_counter() - start:.1f} s"
            )
            return self.run(learners, repeat, seed)
        finally:
            db.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)

    def run(self, learners: int, repeat: int, seed: int) -> Timings:
        start = time.perf_counter()
        population = bench.build_population(learners, seed=seed)
        self.stdout.write(
            f"population: {population.learners} learners, {population.enrolments} enrolments, "
            f"{population.completions} lesson completions, {population.certificates} "
            f"certificates built in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        rebuilt = rebuild_facts()
        self.stdout.write(
            f"facts: {rebuilt.course_facts} course facts rebuilt in "
            f"{time.perf_counter() - start:.1f} s"
        )
        if connection.vendor == "postgresql":
            # Fresh bulk loads have no planner statistics nor visibility map (index-only
            # scans) until autovacuum comes by; a live site has both.
            # VACUUM cannot run in a transaction (as inside a test): statistics alone then.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

        admin = bench.make_admin()
        client = Client()
        client.force_login(admin)
        url = reverse("reports:dashboard")

        def dashboard() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}")

        matrix = completion_matrix(admin, ReportFilters())
        naive = bench.naive_matrix()
        wrong = bench.differences(naive, bench.facts_tally(matrix), matrix)
        if wrong:
            raise CommandError("matrices differ (naive vs facts):\n" + "\n".join(wrong[:20]))
        self.stdout.write(
            f"matrices match: naive = facts ({len(matrix.rows)} provinces, "
            f"{len(matrix.columns)} fields, {sum(naive.staff.values())} staff, "
            f"{len(naive.cells)} non-empty cells)"
        )
        timings = Timings(
            dashboard_ms=median_ms(dashboard, repeat),
            naive_ms=median_ms(bench.naive_matrix, repeat),
        )
        self.stdout.write(
            f"medians of {repeat} runs: dashboard {timings.dashboard_ms:.1f} ms, "
            f"naive {timings.naive_ms:.1f} ms"
        )
        return timings
