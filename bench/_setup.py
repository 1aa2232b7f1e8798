"""Shared bench scaffolding: a throwaway test database for each run."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


@contextmanager
def bench_database(*, keep: bool = False, reuse: bool = False) -> Iterator[None]:
    """Create a fresh test database (SQLite in memory or test_<name> on PostgreSQL);
    `keep` leaves it behind for a look afterwards (EXPLAIN, a profiler), `reuse` opens the
    one a `keep` run left (and keeps it)."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if reuse:
        connection.close()
        test_name = connection.settings_dict["TEST"]["NAME"] or f"test_{old_name}"
        connection.settings_dict["NAME"] = test_name
        keep = True
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        if keep:
            print(f"kept the database {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]
