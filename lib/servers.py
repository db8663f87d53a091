"""Child processes for benchmarks: gunicorn and Celery workers on this machine's loopback, found
a free port, waited for, and always stopped (with their whole process group)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url(db: Mapping[str, Any]) -> str:
    """The DATABASE_URL of a Django database settings dict, for child processes."""
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    user = f"{quote(str(db.get('USER') or ''), safe='')}{password}@" if db.get("USER") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def start(command: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start `command` in a process group of its own, its output appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out: TextIO = open(log, "a", encoding="utf-8")  # noqa: SIM115 - closed with the process
    try:
        return subprocess.Popen(
            command, env=dict(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        out.close()


def stop(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """TERM the process group, then KILL it if it has not ended within `timeout` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)
    except ProcessLookupError:
        process.wait(timeout)


@contextmanager
def running(processes: list[subprocess.Popen[bytes]]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Stop every process started into `processes`, however the block ends."""
    try:
        yield processes
    finally:
        for process in processes:
            stop(process)


def wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    """Wait until `url` answers (any HTTP status) or raise if the process dies or time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def gunicorn(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


def celery_worker(queue: str, name: str, concurrency: int = 1) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        f"--concurrency={concurrency}",
        *(["--pool=solo"] if concurrency == 1 else []),
        "-Q",
        queue,
        "-n",
        f"{name}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
