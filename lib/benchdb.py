"""A throwaway database for benchmark commands: Django's test-database machinery, created
and migrated on entry, dropped on exit, so a benchmark never touches real data."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def throwaway_database(name: str, say: Callable[[str], object]) -> Iterator[None]:
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "sqlite":  # SQLite's test database is in memory already.
        db.settings_dict.setdefault("TEST", {})["NAME"] = f"{name}_{os.getpid()}"
    start = time.perf_counter()
    old_name = db.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False, keepdb=False
    )
    try:
        say(
            f"throwaway database {db.settings_dict['NAME']} migrated in "
            f"{time.perf_counter() - start:.1f} s"
        )
        yield
    finally:
        db.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"
