"""A small threaded HTTP load generator: one thread per learner, each with its own keep-alive
connection, posting its JSON bodies in turn for a fixed time.

Standard library only, so the very same file drives any server (ours and a peer's run from
another virtualenv): `python lib/loadgen.py --plan plan.json --seconds 20`. The plan is JSON:
`{"learners": [{"url": "http://host:port/path/", "headers": {...}, "bodies": [...]}, ...]}`,
where each body is posted as is and carries `statements` statements (a list body: its length).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Tally:
    statements: int = 0
    requests: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str = ""


@dataclass(frozen=True)
class Outcome:
    statements_per_s: float
    p95_ms: float
    requests: int
    statements: int
    errors: int
    seconds: float
    first_error: str

    def result_line(self) -> str:
        return f"RESULT statements_per_s={self.statements_per_s:.1f} p95_ms={self.p95_ms:.1f}"

    def detail_line(self) -> str:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        return (
            f"requests={self.requests} statements={self.statements} errors={self.errors} "
            f"seconds={self.seconds:.1f} loadavg={load}"
        )


def statements_in(body: Any) -> int:
    """How many statements a request body carries (our array body, or one statement)."""
    if isinstance(body, dict) and isinstance(body.get("statement"), list):
        return len(body["statement"])
    if isinstance(body, list):
        return len(body)
    return 1


def _learner(spec: dict[str, Any], deadline: float, tally: Tally, lock: threading.Lock) -> None:
    url = urlsplit(spec["url"])
    path = url.path + (f"?{url.query}" if url.query else "")
    headers = {"Content-Type": "application/json", **spec.get("headers", {})}
    bodies = [(json.dumps(body).encode(), statements_in(body)) for body in spec["bodies"]]
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=30)
    mine = Tally()
    turn = 0
    while time.monotonic() < deadline:
        payload, count = bodies[turn % len(bodies)]
        turn += 1
        start = time.perf_counter()
        try:
            conn.request("POST", path, body=payload, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80)
            status, answer = 0, str(exc).encode()
        mine.latencies_ms.append((time.perf_counter() - start) * 1000)
        mine.requests += 1
        if status == 200:
            mine.statements += count
        else:
            mine.errors += 1
            mine.first_error = mine.first_error or f"HTTP {status}: {answer[:200]!r}"
    conn.close()
    with lock:
        tally.statements += mine.statements
        tally.requests += mine.requests
        tally.errors += mine.errors
        tally.latencies_ms.extend(mine.latencies_ms)
        tally.first_error = tally.first_error or mine.first_error


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run(learners: list[dict[str, Any]], seconds: float) -> Outcome:
    """Post every learner's bodies concurrently for `seconds` and measure what was accepted."""
    tally, lock = Tally(), threading.Lock()
    start = time.monotonic()
    deadline = start + seconds
    threads = [
        threading.Thread(target=_learner, args=(spec, deadline, tally, lock), daemon=True)
        for spec in learners
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return Outcome(
        statements_per_s=tally.statements / elapsed if elapsed else 0.0,
        p95_ms=percentile(tally.latencies_ms, 0.95),
        requests=tally.requests,
        statements=tally.statements,
        errors=tally.errors,
        seconds=elapsed,
        first_error=tally.first_error,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", required=True, help="the plan's JSON file")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    with open(args.plan, encoding="utf-8") as plan:
        learners = json.load(plan)["learners"]
    outcome = run(learners, args.seconds)
    print(outcome.result_line())
    print(outcome.detail_line())
    if outcome.first_error:
        print(f"first error: {outcome.first_error}", file=sys.stderr)
    return 0 if outcome.statements else 1


if __name__ == "__main__":
    sys.exit(main())
