"""Benchmark the managers' dashboard against what one would write without the facts table.

Builds a synthetic population in a throwaway database (Django's test-database machinery,
dropped at the end), rebuilds the facts (timed), checks that four ways of computing the
province × field matrix agree, then times each of them the same way, in the same run:

(a) the page: GET /quan-ly/ through the view, as a ministry admin;
(b) the selector behind it, alone (`completion_matrix`, reading the facts table);
(c) the plain query: grouped counts over stored enrolments and certificates (no facts);
(d) the naive recomputation of progress from lesson completions.

Absolute times swing with the machine's load, so the figures that matter are the ratios.
The last lines printed are the load average and
`RESULT learners=<N> page_ms=<a> selector_ms=<b> plain_ms=<c> naive_ms=<d>
speedup_vs_plain=<c/b> speedup_vs_naive=<d/b>`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from courses.models import Enrolment
from lib.benchdb import load_average, throwaway_database
from people.models import User
from reports import bench, selectors
from reports.filters import ReportFilters
from reports.selectors import Matrix, completion_matrix
from reports.services import rebuild_facts


@dataclass(frozen=True)
class Timings:
    page_ms: float
    selector_ms: float
    plain_ms: float
    naive_ms: float

    def result(self, learners: int) -> str:
        return (
            f"RESULT learners={learners} page_ms={self.page_ms:.1f} "
            f"selector_ms={self.selector_ms:.1f} plain_ms={self.plain_ms:.1f} "
            f"naive_ms={self.naive_ms:.1f} "
            f"speedup_vs_plain={self.plain_ms / self.selector_ms:.2f} "
            f"speedup_vs_naive={self.naive_ms / self.selector_ms:.2f}"
        )


def median_ms(action: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """The median wall time of `repeat` runs of `action`, after `warmup` untimed runs."""
    for _ in range(warmup):
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
        "dashboard, its facts selector, a plain grouped query over enrolments and a naive "
        "recomputation, in one run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=7, help="timed runs of each way")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--rebuild-only",
            action="store_true",
            help="stop after timing rebuild_facts (no matrix timings, no RESULT line); with "
            "--existing, time rebuilding the facts of the current database",
        )
        parser.add_argument(
            "--existing",
            action="store_true",
            help="time the population and facts already in the current database (built by "
            "an earlier run with --in-place, or by hand): nothing is built or dropped",
        )
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
        if options["existing"] and options["rebuild_only"]:
            self.rebuild()
            self.stdout.write(load_average())
            return
        if options["existing"]:
            with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
                learners = Enrolment.objects.values("user_id").distinct().count()
                self.analyse()
                measured = self.measure(learners, options["repeat"])
            self.stdout.write(load_average())
            self.stdout.write(measured.result(learners))
            return
        run_args = (learners, options["repeat"], options["seed"], options["rebuild_only"])
        # DEBUG off as in production: no query log eating memory and skewing the timings.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            if options["in_place"]:
                timings = self.run(*run_args)
            else:
                timings = self.in_throwaway_database(*run_args)
        self.stdout.write(load_average())
        if timings is not None:
            self.stdout.write(timings.result(learners))

    def in_throwaway_database(self, *run_args: Any) -> Timings | None:
        with throwaway_database("bench_reports", self.stdout.write):
            return self.run(*run_args)

    def run(self, learners: int, repeat: int, seed: int, rebuild_only: bool) -> Timings | None:
        start = time.perf_counter()
        population = bench.build_population(learners, seed=seed)
        self.stdout.write(
            f"population: {population.learners} learners, {population.enrolments} enrolments, "
            f"{population.completions} lesson completions, {population.certificates} "
            f"certificates built in {time.perf_counter() - start:.1f} s"
        )
        self.analyse()
        self.rebuild()
        if rebuild_only:
            return None
        self.analyse()
        return self.measure(learners, repeat)

    def rebuild(self) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        rebuilt = rebuild_facts()
        self.stdout.write(
            f"rebuild: {time.process_time() - cpu:.1f} s of this process's CPU "
            "(the database's work is not counted)"
        )
        self.stdout.write(
            f"REBUILD facts={rebuilt.course_facts + rebuilt.session_facts} "
            f"seconds={time.perf_counter() - start:.1f}"
        )

    def measure(self, learners: int, repeat: int) -> Timings:
        admin = User.objects.filter(username="bench.admin").first() or bench.make_admin()
        client = Client()
        client.force_login(admin)
        url = reverse("reports:dashboard")

        def page() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}")

        self.check_agreement(admin, page)
        timings = Timings(
            page_ms=median_ms(page, repeat),
            selector_ms=median_ms(lambda: completion_matrix(admin, ReportFilters()), repeat),
            plain_ms=median_ms(bench.plain_matrix, repeat),
            naive_ms=median_ms(bench.naive_matrix, repeat),
        )
        self.stdout.write(
            f"medians of {repeat} runs after warm-up: page {timings.page_ms:.1f} ms, "
            f"selector {timings.selector_ms:.1f} ms, plain {timings.plain_ms:.1f} ms, "
            f"naive {timings.naive_ms:.1f} ms"
        )
        return timings

    def analyse(self) -> None:
        if connection.vendor == "postgresql":
            # Fresh bulk loads have no planner statistics nor visibility map (index-only
            # scans) until autovacuum comes by; a live site has both.
            # VACUUM cannot run in a transaction (as inside a test): statistics alone then.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    def check_agreement(self, admin: Any, page: Callable[[], None]) -> None:
        """The page, the selector, the plain query and the naive one give the same cells."""
        shown: list[Matrix] = []
        real = selectors.completion_matrix

        def spy(*args: Any, **kwargs: Any) -> Matrix:
            shown.append(real(*args, **kwargs))
            return shown[-1]

        with mock.patch.object(selectors, "completion_matrix", spy):
            page()
        if len(shown) != 1:
            raise CommandError("the page did not build its matrix through the selector")
        matrix = completion_matrix(admin, ReportFilters())
        facts = bench.facts_tally(matrix)
        naive = bench.naive_matrix()
        plain, plain_totals = bench.plain_matrix()
        wrong = [f"selector: {line}" for line in bench.differences(naive, facts, matrix)]
        page_tally = bench.facts_tally(shown[0])
        wrong += [f"page: {line}" for line in bench.differences(naive, page_tally, shown[0])]
        wrong += [f"plain: {line}" for line in bench.differences(plain, facts, matrix)]
        for row in matrix.rows:
            assert row.province is not None
            got = (row.total.enrolled, row.total.completed, row.total.certified)
            if got != plain_totals.get(row.province.pk, (0, 0, 0)):
                wrong.append(f"plain: province {row.province.pk} total {got}")
        if wrong:
            raise CommandError("matrices differ:\n" + "\n".join(wrong[:20]))
        self.stdout.write(
            f"cells match: page = selector = plain = naive ({len(matrix.rows)} provinces, "
            f"{len(matrix.columns)} fields, {sum(naive.staff.values())} staff, "
            f"{len(naive.cells)} non-empty cells)"
        )
        # The page's chart reads the monthly counts the triggers keep: the same as counting.
        stored = selectors.stored_months(admin, ReportFilters(), 0)
        counted = selectors.counted_months(admin, ReportFilters(), 0)
        if stored != counted:
            raise CommandError(f"monthly counts differ from the facts: {stored} != {counted}")
        self.stdout.write(f"chart months match the facts ({len(counted)} months)")
