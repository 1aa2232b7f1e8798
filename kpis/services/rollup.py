"""The roll-up table (kpis.FactRollup): each unit's subtree facts summed by month.

Every change of the fact table adds its signed values to the rows of the fact's unit and
of each of its ancestors (read from UnitAncestor), with one upsert; a moved subtree's
sums leave the ancestors it left and join those it joined; `rollup_rebuild` recomputes
the whole table from the facts (kpis_rebuild, the bench). Plain SQL that runs on
PostgreSQL and SQLite (INSERT … ON CONFLICT DO UPDATE). Writers of the same indicator and
month share their ancestors' rows (the city's above all): each holds those row locks until
its transaction commits, so such writes queue for that short while (in key order, no
deadlock).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Sum

from kpis.models import Fact, FactRollup, UnitAncestor

Key = tuple[int, int, int, str, str]  # unit, year, month, indicator, breakdown
TABLE = FactRollup._meta.db_table
UPSERT = (  # only constant names and placeholders are formatted in
    f"INSERT INTO {TABLE} (ancestor_id, year, month, indicator, breakdown, value) "  # noqa: S608
    "VALUES {rows} "
    "ON CONFLICT (ancestor_id, year, month, indicator, breakdown) "
    f"DO UPDATE SET value = {TABLE}.value + excluded.value"
)
CHUNK = 500


def _upsert(deltas: dict[Key, int]) -> None:
    # In key order, so two writers touching the same rows lock them in the same order.
    items = sorted((*key, value) for key, value in deltas.items() if value)
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for item in chunk for value in item]
            cursor.execute(UPSERT.format(rows=rows), params)  # only placeholders formatted in


def add(rows: Iterable[tuple[int, int, int, str, str, int]], *, sign: int = 1) -> None:
    """Add (unit, year, month, indicator, breakdown, value) rows to the unit's ancestors."""
    by_unit: dict[int, dict[tuple[int, int, str, str], int]] = defaultdict(lambda: defaultdict(int))
    for unit, year, month, code, key, value in rows:
        by_unit[unit][(year, month, code, key)] += sign * value
    if not by_unit:
        return
    ancestors = defaultdict(list)
    for unit, ancestor in UnitAncestor.objects.filter(unit_id__in=by_unit).values_list(
        "unit_id", "ancestor_id"
    ):
        ancestors[unit].append(ancestor)
    deltas: dict[Key, int] = defaultdict(int)
    for unit, sums in by_unit.items():
        for ancestor in ancestors[unit]:
            for (year, month, code, key), value in sums.items():
                deltas[(ancestor, year, month, code, key)] += value
    _upsert(deltas)


def move(unit_ids: list[int], left: Iterable[int], joined: Iterable[int]) -> None:
    """The facts of `unit_ids` (a moved subtree) leave the `left` ancestors, join `joined`."""
    left, joined = list(left), list(joined)
    if not left and not joined:
        return
    sums = (
        Fact.objects.filter(unit_id__in=unit_ids)
        .values_list("year", "month", "indicator", "breakdown")
        .annotate(n=Sum("value"))
        .order_by()
    )
    deltas: dict[Key, int] = defaultdict(int)
    for year, month, code, key, n in sums:
        for ancestor in left:
            deltas[(ancestor, year, month, code, key)] -= n
        for ancestor in joined:
            deltas[(ancestor, year, month, code, key)] += n
    _upsert(deltas)


def rollup_rebuild() -> int:
    """The whole table recomputed from the facts and the ancestors (in the caller's
    transaction); returns the number of rows."""
    FactRollup.objects.all().delete()
    fact, ancestor = Fact._meta.db_table, UnitAncestor._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (ancestor_id, year, month, indicator, breakdown, value) "  # noqa: S608
            f"SELECT a.ancestor_id, f.year, f.month, f.indicator, f.breakdown, SUM(f.value) "
            f"FROM {fact} f JOIN {ancestor} a ON a.unit_id = f.unit_id "
            "GROUP BY a.ancestor_id, f.year, f.month, f.indicator, f.breakdown"
        )
        return int(cursor.rowcount)
