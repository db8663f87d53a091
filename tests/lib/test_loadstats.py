"""Reading Locust's CSV statistics: per-request percentiles, errors (failures and exceptions
raised in the locustfile) and the RESULT line."""

from __future__ import annotations

from pathlib import Path

from lib.loadstats import first_failures, read_locust_csv

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def _row(kind: str, name: str, count: int, failed: int, p50: str, p95: str) -> str:
    return f"{kind},{name},{count},{failed},{p50},1,1,1,1,1,0,{p50},1,1,1,1,{p95},1,1,1,1,1\n"


def _write(tmp_path: Path, *, exceptions: str = "") -> Path:
    prefix = tmp_path / "locust"
    (tmp_path / "locust_stats.csv").write_text(
        HEADER
        + _row("GET", "catalogue", 100, 0, "40", "120")
        + _row("POST", "submit", 50, 2, "90", "480")
        + _row("", "Aggregated", 150, 2, "50", "400"),
        encoding="utf-8",
    )
    (tmp_path / "locust_exceptions.csv").write_text(
        "Count,Message,Traceback,Nodes\n" + exceptions, encoding="utf-8"
    )
    (tmp_path / "locust_failures.csv").write_text(
        "Method,Name,Error,Occurrences\nPOST,submit,\"submit: HTTP 200 to ''\",2\n",
        encoding="utf-8",
    )
    return prefix


def test_result_line_compares_submit_with_catalogue(tmp_path: Path) -> None:
    result = read_locust_csv(_write(tmp_path))
    assert [row.name for row in result.rows] == ["catalogue", "submit"]
    assert result.result_line(50) == (
        "RESULT users=50 requests=150 errors=2 catalogue_p95_ms=120 submit_p95_ms=480 "
        "submit_vs_catalogue=4.00"
    )
    assert "submit           POST        50      2       90      480" in result.table()
    assert first_failures(tmp_path / "locust") == ["submit: submit: HTTP 200 to '' (×2)"]


def test_exceptions_in_the_locustfile_count_as_errors(tmp_path: Path) -> None:
    result = read_locust_csv(_write(tmp_path, exceptions='3,KeyError,"trace",local\n'))
    assert result.failures == 2 and result.exceptions == 3
    assert "errors=5 " in result.result_line(50)
