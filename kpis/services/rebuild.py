"""Rebuild the fact table and the ancestors table from the raw records (the DHIS2 rule).

Every domain app's `<app>.facts.all_facts()` yields the facts of its records as they
are now; they are written into a staging table, then swapped in atomically, so readers
see the old figures until the new ones are complete:

- on PostgreSQL, `kpis_fact_staging` (a `LIKE kpis_fact INCLUDING ALL` copy, with its
  foreign key) is filled outside any lock, then one transaction drops `kpis_fact`,
  renames the staging table to it and gives its indexes and constraints Django's names;
- elsewhere (SQLite), one transaction deletes and re-inserts.

The ancestors rows and the roll-ups (kpis.FactRollup, every month that may be closed)
are rewritten in the same transaction as the swap.

Services keep recording while the staging table fills (PostgreSQL). Nothing they write
is lost: before the fill, a trigger on `kpis_fact` starts noting the source of every fact
inserted or deleted (`kpis_fact_touched`); at the swap, under the lock that waits for
every writer, the staged facts of those sources are replaced by the live table's, which
the services kept exact (a source's facts are a pure function of its record). The
trigger goes with the old table; the journal is dropped. SQLite's single writer waits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import connection, transaction

from appointments import facts as appointment_facts
from assessments import facts as assessment_facts
from core.facts import Fact as FactData
from courses import facts as course_facts
from hotline import facts as hotline_facts
from kpis.models import Fact, UnitAncestor
from kpis.services.facts import ancestor_rows, fact_row
from kpis.services.rollup import rollup_rebuild
from learning import facts as learning_facts
from network.models import OrgUnit

PROVIDERS: tuple[Callable[[], Iterator[FactData]], ...] = (
    course_facts.all_facts,
    assessment_facts.all_facts,
    appointment_facts.all_facts,
    hotline_facts.all_facts,
    learning_facts.all_facts,
)
COLUMNS = (
    "indicator",
    "unit_id",
    "date",
    "year",
    "month",
    "value",
    "breakdown",
    "source_app",
    "source_model",
    "source_pk",
)
BATCH = 1000
STAGING = "kpis_fact_staging"
TOUCHED = "kpis_fact_touched"
SOURCE = "source_app, source_model, source_pk"
JOURNAL_FUNCTION = """
CREATE OR REPLACE FUNCTION kpis_fact_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO kpis_fact_touched VALUES (OLD.source_app, OLD.source_model, OLD.source_pk);
    ELSE
        INSERT INTO kpis_fact_touched VALUES (NEW.source_app, NEW.source_model, NEW.source_pk);
    END IF;
    RETURN NULL;
END $$"""


@dataclass(frozen=True)
class RebuildResult:
    facts: int
    ancestors: int
    seconds: float


def all_facts() -> Iterator[FactData]:
    for provider in PROVIDERS:
        yield from provider()


def _batches(rows: Iterable[FactData]) -> Iterator[list[FactData]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _ancestors() -> list[UnitAncestor]:
    units = list(OrgUnit.objects.values_list("id", "path"))
    return ancestor_rows(units, {path: pk for pk, path in units})


def _swap_ancestors() -> int:
    """The ancestors rows, then the roll-ups from them and the facts (one transaction)."""
    rows = _ancestors()
    UnitAncestor.objects.all().delete()
    UnitAncestor.objects.bulk_create(rows, batch_size=BATCH)
    rollup_rebuild()
    return len(rows)


def rebuild(facts: Iterable[FactData] | None = None) -> RebuildResult:
    """Rebuild both tables from `facts` (default: every app's raw records)."""
    started = time.perf_counter()
    source = all_facts() if facts is None else facts
    if connection.vendor == "postgresql":
        count, ancestors = _rebuild_postgresql(source)
    else:
        count, ancestors = _rebuild_portable(source)
    return RebuildResult(count, ancestors, time.perf_counter() - started)


def _rebuild_portable(facts: Iterable[FactData]) -> tuple[int, int]:
    count = 0
    with transaction.atomic():
        Fact.objects.all().delete()
        for batch in _batches(facts):
            Fact.objects.bulk_create([fact_row(fact) for fact in batch])
            count += len(batch)
        ancestors = _swap_ancestors()
    return count, ancestors


def _values(fact: FactData) -> list[Any]:
    row = fact_row(fact)
    return [getattr(row, column) for column in COLUMNS]


def _fill_staging(cursor: Any, facts: Iterable[FactData]) -> int:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(f"CREATE TABLE {STAGING} (LIKE kpis_fact INCLUDING ALL)")
    cursor.execute(
        f"ALTER TABLE {STAGING} ADD CONSTRAINT {STAGING}_unit_fk FOREIGN KEY (unit_id) "
        "REFERENCES network_orgunit (id) DEFERRABLE INITIALLY DEFERRED"
    )
    names = ", ".join(COLUMNS)
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    count = 0
    for batch in _batches(facts):
        params = [value for fact in batch for value in _values(fact)]
        rows = ", ".join([one] * len(batch))
        # Only constants and placeholders are formatted in; the values go as parameters.
        cursor.execute(f"INSERT INTO {STAGING} ({names}) VALUES {rows}", params)  # noqa: S608
        count += len(batch)
    return count


def _names(cursor: Any, table: str) -> tuple[dict[str, str], str, str]:
    """The table's non-primary indexes by definition, its primary key and foreign key."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid), x.indisprimary FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass",
        [table],
    )
    indexes, primary = {}, ""
    for name, definition, is_primary in cursor.fetchall():
        if is_primary:
            primary = name
        else:
            indexes[definition.split(" USING ", 1)[1]] = name
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    foreign = cursor.fetchone()[0]
    return indexes, primary, foreign


def _journal_start(cursor: Any) -> None:
    """From now on every fact written or deleted notes its source (one transaction: the
    trigger's lock waits for the writers in flight, whose facts the fill will read)."""
    with transaction.atomic():
        cursor.execute(f"DROP TABLE IF EXISTS {TOUCHED}")
        cursor.execute(
            f"CREATE UNLOGGED TABLE {TOUCHED} (source_app varchar(32), "
            "source_model varchar(64), source_pk bigint)"
        )
        cursor.execute(JOURNAL_FUNCTION)
        cursor.execute(f"DROP TRIGGER IF EXISTS {TOUCHED} ON kpis_fact")
        cursor.execute(
            f"CREATE TRIGGER {TOUCHED} AFTER INSERT OR DELETE ON kpis_fact "
            f"FOR EACH ROW EXECUTE FUNCTION {TOUCHED}()"
        )


def _journal_stop(cursor: Any) -> None:
    cursor.execute(f"DROP TRIGGER IF EXISTS {TOUCHED} ON kpis_fact")
    cursor.execute(f"DROP TABLE IF EXISTS {TOUCHED}")
    cursor.execute(f"DROP FUNCTION IF EXISTS {TOUCHED}()")


def _journal_replay(cursor: Any) -> int:
    """The staged facts of every source written meanwhile replaced by the live ones (under
    the swap's lock); returns the number of sources."""
    names = ", ".join(COLUMNS)
    # Dropped here, not on commit: a caller's transaction may run two rebuilds.
    cursor.execute("DROP TABLE IF EXISTS pg_temp.kpis_fact_sources")
    cursor.execute(
        "CREATE TEMPORARY TABLE kpis_fact_sources AS "  # noqa: S608
        f"SELECT DISTINCT {SOURCE} FROM {TOUCHED}"
    )
    cursor.execute(
        f"DELETE FROM {STAGING} s USING kpis_fact_sources t WHERE "  # noqa: S608
        "s.source_app = t.source_app AND s.source_model = t.source_model "
        "AND s.source_pk = t.source_pk"
    )
    cursor.execute(
        f"INSERT INTO {STAGING} ({names}) SELECT {names} FROM kpis_fact f "  # noqa: S608
        f"WHERE ({SOURCE}) IN (SELECT {SOURCE} FROM kpis_fact_sources)"
    )
    cursor.execute("SELECT count(*) FROM kpis_fact_sources")
    sources = int(cursor.fetchone()[0])
    cursor.execute("DROP TABLE pg_temp.kpis_fact_sources")
    return sources


def _rebuild_postgresql(facts: Iterable[FactData]) -> tuple[int, int]:
    with connection.cursor() as cursor:
        _journal_start(cursor)
        try:
            count = _fill_staging(cursor, facts)
            with transaction.atomic():
                ancestors = _swap(cursor)
        finally:
            _journal_stop(cursor)
    return count, ancestors


def _swap(cursor: Any) -> int:
    """The staging table, brought up to the writes made meanwhile, becomes kpis_fact."""
    cursor.execute("LOCK TABLE kpis_fact IN ACCESS EXCLUSIVE MODE")
    # Facts written earlier in a caller's transaction leave deferred foreign-key
    # checks pending, and a table with pending checks cannot be dropped: run them.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _journal_replay(cursor)
    indexes, primary, foreign = _names(cursor, "kpis_fact")
    staged, staged_primary, staged_foreign = _names(cursor, STAGING)
    cursor.execute("DROP TABLE kpis_fact")
    cursor.execute(f"ALTER TABLE {STAGING} RENAME TO kpis_fact")
    cursor.execute(f"ALTER TABLE kpis_fact RENAME CONSTRAINT {staged_primary} TO {primary}")
    cursor.execute(f"ALTER TABLE kpis_fact RENAME CONSTRAINT {staged_foreign} TO {foreign}")
    for definition, name in staged.items():
        cursor.execute(f"ALTER INDEX {name} RENAME TO {indexes[definition]}")
    cursor.execute("SELECT pg_get_serial_sequence('kpis_fact', 'id')")
    sequence = cursor.fetchone()[0]
    cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO kpis_fact_id_seq")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys, as before
    return _swap_ancestors()
