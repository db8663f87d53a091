"""Reading Locust's `--csv` statistics into per-request-type percentiles and one RESULT line.

Locust writes `<prefix>_stats.csv` (one row per request name, then "Aggregated") and
`<prefix>_exceptions.csv` (errors raised in the locustfile itself, which count as errors too).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RequestStats:
    name: str
    method: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class LoadResult:
    rows: list[RequestStats]
    requests: int
    failures: int
    exceptions: int

    @property
    def errors(self) -> int:
        return self.failures + self.exceptions

    def p95(self, name: str) -> float:
        return next((row.p95_ms for row in self.rows if row.name == name), 0.0)

    def table(self) -> str:
        lines = [
            f"{'request':<16} {'method':<6} {'count':>7} {'errors':>6} {'p50_ms':>8} {'p95_ms':>8}"
        ]
        for row in self.rows:
            lines.append(
                f"{row.name:<16} {row.method:<6} {row.requests:>7} {row.failures:>6} "
                f"{row.p50_ms:>8.0f} {row.p95_ms:>8.0f}"
            )
        return "\n".join(lines)

    def result_line(self, users: int, *, base: str = "catalogue", target: str = "submit") -> str:
        base_p95, target_p95 = self.p95(base), self.p95(target)
        ratio = target_p95 / base_p95 if base_p95 else 0.0
        return (
            f"RESULT users={users} requests={self.requests} errors={self.errors} "
            f"{base}_p95_ms={base_p95:.0f} {target}_p95_ms={target_p95:.0f} "
            f"{target}_vs_{base}={ratio:.2f}"
        )


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_locust_csv(prefix: str | Path) -> LoadResult:
    """The per-request rows (in Locust's order) and totals of a headless run's CSV files."""
    rows: list[RequestStats] = []
    requests = failures = 0
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as file:
        for record in csv.DictReader(file):
            count, failed = int(record["Request Count"]), int(record["Failure Count"])
            if record["Name"] == "Aggregated":
                requests, failures = count, failed
                continue
            rows.append(
                RequestStats(
                    name=record["Name"],
                    method=record["Type"],
                    requests=count,
                    failures=failed,
                    p50_ms=_number(record["50%"]),
                    p95_ms=_number(record["95%"]),
                )
            )
    exceptions = 0
    path = Path(f"{prefix}_exceptions.csv")
    if path.exists():
        with open(path, encoding="utf-8", newline="") as file:
            exceptions = sum(int(record["Count"]) for record in csv.DictReader(file))
    return LoadResult(rows=rows, requests=requests, failures=failures, exceptions=exceptions)


def first_failures(prefix: str | Path, limit: int = 5) -> list[str]:
    """The first distinct failure messages Locust recorded (for the log of a failed run)."""
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as file:
        return [
            f"{record['Name']}: {record['Error']} (×{record['Occurrences']})"
            for record in list(csv.DictReader(file))[:limit]
        ]
