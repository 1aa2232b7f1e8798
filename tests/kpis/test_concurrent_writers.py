"""On PostgreSQL, with real concurrent connections: a month closing waits for the
writers in flight, and facts written while kpis_rebuild fills its staging table survive
the swap (CI's second pass runs these; SQLite has one writer at a time)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection, connections, transaction

from core import facts as core_facts
from core.facts import Fact, Source
from kpis import models
from kpis.services import rollup
from kpis.services.rebuild import rebuild
from network.models import OrgUnit
from tests.kpis.builders import SHANGHAI, YEAR

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

JULY_FIRST = datetime(YEAR, 7, 1, 2, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in CI's second pass (DATABASE_URL=postgres://…)")


def fact(unit: OrgUnit, pk: int, value: int, day: date) -> tuple[Source, list[Fact]]:
    source = Source("tests", "thing", pk)
    return source, [Fact("lectures_held", unit.pk, day, value, source)]


def in_thread(work: Callable[[], None]) -> threading.Thread:
    """Run `work` on its own connection (closed after), in a thread."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # surfaced by the caller's join
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.errors = errors  # type: ignore[attr-defined]
    thread.start()
    return thread


def joined(thread: threading.Thread) -> None:
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert not thread.errors  # type: ignore[attr-defined]


def wait_for_a_lock_wait(deadline: float = 20.0) -> None:
    """Until another session of this database waits for a lock (or fail)."""
    end = time.monotonic() + deadline
    with connection.cursor() as cursor:
        while time.monotonic() < end:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.01)
    pytest.fail("nobody waited for the lock")


def test_a_month_closing_waits_for_the_writers_in_flight(tree: dict[str, OrgUnit]) -> None:
    room, centre = tree["room_a1r"], tree["centre"]
    inserted, release = threading.Event(), threading.Event()

    def writer() -> None:
        with transaction.atomic():
            core_facts.replace(*fact(room, 1, 3, date(YEAR, 6, 30)))  # June not closed yet
            inserted.set()
            assert release.wait(30)

    with time_machine.travel(JULY_FIRST, tick=False):
        writing = in_thread(writer)
        assert inserted.wait(30)
        closing = in_thread(lambda: rollup.month_close(YEAR, 6))
        wait_for_a_lock_wait()
        release.set()
        joined(writing)
        joined(closing)
    june = models.FactRollup.objects.get(ancestor=centre, year=YEAR, month=6, breakdown="")
    assert june.value == 3


def test_facts_written_while_the_rebuild_fills_its_table_survive_the_swap(
    tree: dict[str, OrgUnit],
) -> None:
    room, station = tree["room_a1r"], tree["station_b1"]
    day = date(YEAR, 6, 5)
    with time_machine.travel(datetime(YEAR, 6, 10, 10, tzinfo=SHANGHAI), tick=False):
        core_facts.replace(*fact(room, 1, 1, day))
        core_facts.replace(*fact(room, 2, 1, day))

        def meanwhile() -> None:
            core_facts.replace(*fact(station, 3, 4, day))  # a new record
            core_facts.replace(Source("tests", "thing", 2), [])  # one cancelled
            core_facts.replace(*fact(room, 1, 9, day))  # one changed

        def raw_records() -> Iterator[Fact]:
            # What the raw tables held when the rebuild read them, then the others write.
            yield from fact(room, 1, 1, day)[1]
            yield from fact(room, 2, 1, day)[1]
            joined(in_thread(meanwhile))
            yield from fact(station, 4, 2, day)[1]

        rebuild(raw_records())
    rows = dict(models.Fact.objects.values_list("source_pk", "value"))
    assert rows == {1: 9, 3: 4, 4: 2}
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('kpis_fact_touched'), to_regclass('kpis_fact_staging')")
        assert cursor.fetchone() == (None, None)
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'kpis_fact_touched'")
        assert cursor.fetchone()[0] == 0
