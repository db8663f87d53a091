"""The learner's main path under load: gunicorn (and a Celery worker when a broker is set) on a
free loopback port, N Locust learners for a bounded time, percentiles per request type."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lib import loadstats, servers
from lib.benchdb import load_average
from quizzes.loadtest import prepare

LOCUSTFILE = Path(settings.BASE_DIR) / "loadtest" / "locustfile.py"


class Command(BaseCommand):
    help = (
        "Prepare N learners in this database, start `gunicorn --workers W` on a free loopback "
        "port (and one Celery worker when CELERY_BROKER_URL is set) against it, run Locust "
        "headless (N users, --seconds) along the learner's path: catalogue, lesson, mark done, "
        "quiz start, autosave per answer, submit, review. Prints p50/p95 per request type, the "
        "load average and `RESULT users= requests= errors= catalogue_p95_ms= submit_p95_ms= "
        "submit_vs_catalogue=`; fails when any request failed. Servers are always stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="concurrent learners")
        parser.add_argument("--seconds", type=int, default=60, help="how long Locust runs")
        parser.add_argument(
            "--spawn-rate", type=float, default=0, help="learners started per second (0: N/5)"
        )
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
        parser.add_argument(
            "--wait", default="0.5,2", help="think time between steps, in seconds: min,max"
        )
        parser.add_argument(
            "--server-settings",
            default=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.base"),
            help="DJANGO_SETTINGS_MODULE of gunicorn and the worker (default: this one's)",
        )
        parser.add_argument(
            "--queue",
            default="",
            help="Celery queue of the worker (the servers must publish to it, see "
            "config.settings.worker_test); default: the configured default queue",
        )
        parser.add_argument(
            "--out-dir",
            default=str(Path(settings.VAR_DIR) / "loadtest"),
            help="plan, Locust CSV files and server logs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users, seconds = int(options["users"]), int(options["seconds"])
        if users < 1 or seconds < 1 or options["workers"] < 1:
            raise CommandError("--users, --seconds and --workers must be at least 1")
        if not shutil.which("locust", path=str(Path(sys.executable).parent)):
            raise CommandError(
                "Locust is not installed: .venv/bin/pip install -r requirements-dev.txt"
            )
        out = Path(options["out_dir"])
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("locust_*.csv"):
            old.unlink()
        plan_path = out / "plan.json"
        plan = prepare(users)
        plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        plan_path.chmod(0o600)
        db = connection.settings_dict
        self.stdout.write(
            f"Prepared {users} learners in {db['ENGINE'].rsplit('.', 1)[-1]} database "
            f"{db['NAME']}; course {plan['course']}."
        )
        connection.close()  # the servers take over the database
        port = servers.free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": options["server_settings"],
            "DATABASE_URL": servers.database_url(db),
            "PORT": str(port),
            "SITE_URL": url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        broker = str(settings.CELERY_BROKER_URL)
        queue = options["queue"] or str(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))
        if options["queue"]:
            env["CELERY_QUEUE"] = queue
        with servers.running([]) as processes:
            gunicorn = servers.start(
                servers.gunicorn(port, options["workers"]), env, out / "gunicorn.log"
            )
            processes.append(gunicorn)
            if not broker.startswith("memory://"):
                worker = f"loadtest-{uuid.uuid4().hex[:6]}"
                processes.append(
                    servers.start(servers.celery_worker(queue, worker), env, out / "celery.log")
                )
                self.stdout.write(f"Celery worker on queue {queue!r} of {broker}.")
            else:
                self.stdout.write("No broker configured: tasks run eagerly in the web processes.")
            try:
                servers.wait_http(f"{url}/healthz", gunicorn)
            except RuntimeError as exc:
                raise CommandError(f"{exc}; see {out / 'gunicorn.log'}") from exc
            self.stdout.write(
                f"gunicorn --workers {options['workers']} on {url} "
                f"({options['server_settings']}); Locust: {users} learners for {seconds} s."
            )
            self.stdout.flush()  # shown before the run when the output goes to a file
            self._locust(url, users, seconds, options, out, plan_path)
        self._report(users, out)

    def _locust(
        self,
        url: str,
        users: int,
        seconds: int,
        options: dict[str, Any],
        out: Path,
        plan_path: Path,
    ) -> None:
        rate = options["spawn_rate"] or max(1.0, users / 5)
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            url,
            "--csv",
            str(out / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "LOADTEST_PLAN": str(plan_path), "LOADTEST_WAIT": options["wait"]}
        with open(out / "locust.log", "w", encoding="utf-8") as log:
            # Locust exits 1 when a request failed; the CSV files say which, read below.
            subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)

    def _report(self, users: int, out: Path) -> None:
        prefix = out / "locust"
        if not Path(f"{prefix}_stats.csv").exists():
            raise CommandError(f"Locust wrote no statistics; see {out / 'locust.log'}")
        result = loadstats.read_locust_csv(prefix)
        self.stdout.write(result.table())
        for failure in loadstats.first_failures(prefix):
            self.stdout.write(f"failure: {failure}")
        if result.exceptions:
            self.stdout.write(f"{result.exceptions} errors in the locustfile; see {out}")
        self.stdout.write(load_average())
        self.stdout.write(result.result_line(users))
        if result.errors or not result.requests:
            raise CommandError(f"{result.errors} errors in {result.requests} requests")
