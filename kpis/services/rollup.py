"""The roll-up table (kpis.FactRollup): each unit's subtree facts summed by closed month.

A month is closed (`month_close`, the hourly beat job `kpis.close_months`) an hour after
it ended: its facts are summed to every unit's ancestors in one INSERT … SELECT and a
`RollupMonth` row marks it. Until then its figures are read from the facts, so the
services recording the current month's work only insert facts: no shared row (the
city's above all) is locked by every writer until it commits.

A write into a closed month (a late record, a correction) adds its signed values to the
rows of the fact's unit and of each of its ancestors with one upsert; a moved subtree's
closed sums leave the ancestors it left and join those it joined; `rollup_rebuild`
recomputes the whole table (kpis_rebuild, the bench).

Why no write is missed when a month closes while services write into it: the closer
locks the fact table in SHARE ROW EXCLUSIVE mode (on PostgreSQL; SQLite has one writer
at a time anyway), which waits for every transaction that has inserted or deleted facts
and holds off new ones until the month is closed. A writer looks for the month's
`RollupMonth` row only after its own insert or delete, so either the closer waited for
it and summed its facts, or it waited for the closer and sees the month closed. A writer
into the current month (by the network's clock) does not look at all: the month cannot
close before an hour after its end, and no request lasts an hour.

Plain SQL that runs on PostgreSQL and SQLite (INSERT … ON CONFLICT DO UPDATE).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from core import clock
from kpis.models import Fact, FactRollup, RollupMonth, UnitAncestor

Key = tuple[int, int, int, str, str]  # unit, year, month, indicator, breakdown
Row = tuple[int, int, int, str, str, int]  # unit, year, month, indicator, breakdown, value
Month = tuple[int, int]
TABLE = FactRollup._meta.db_table
FACTS = Fact._meta.db_table
ANCESTORS = UnitAncestor._meta.db_table
UPSERT = (  # only constant names and placeholders are formatted in
    f"INSERT INTO {TABLE} (ancestor_id, year, month, indicator, breakdown, value) "  # noqa: S608
    "VALUES {rows} "
    "ON CONFLICT (ancestor_id, year, month, indicator, breakdown) "
    f"DO UPDATE SET value = {TABLE}.value + excluded.value"
)
FOLD = (  # the facts of the months matched by {where}, summed to every ancestor
    f"INSERT INTO {TABLE} (ancestor_id, year, month, indicator, breakdown, value) "  # noqa: S608
    f"SELECT a.ancestor_id, f.year, f.month, f.indicator, f.breakdown, SUM(f.value) "
    f"FROM {FACTS} f JOIN {ANCESTORS} a ON a.unit_id = f.unit_id "
    "WHERE {where} "
    "GROUP BY a.ancestor_id, f.year, f.month, f.indicator, f.breakdown"
)
CHUNK = 500
# A month is closed this long after it ended (the network's clock).
CLOSE_AFTER = timedelta(hours=1)


def lock_facts() -> None:
    """Wait for the transactions writing facts and hold off new ones (PostgreSQL; in a
    transaction, until it ends). SQLite's writers already take turns."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {FACTS} IN SHARE ROW EXCLUSIVE MODE")


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def closable(now: datetime | None = None) -> Month:
    """The last month that may be closed at `now` (ended at least CLOSE_AFTER ago)."""
    local = (clock.local(now) if now else clock.now_local()) - CLOSE_AFTER
    index = _index(local.year, local.month) - 1
    return divmod(index, 12)[0], divmod(index, 12)[1] + 1


def closed_months(months: Iterable[Month]) -> set[Month]:
    """Which of `months` are closed; the current month and later never are (no query)."""
    today = clock.today()
    current = _index(today.year, today.month)
    past = {m for m in months if _index(*m) < current}
    if not past:
        return set()
    query = Q()
    for year, month in past:
        query |= Q(year=year, month=month)
    return set(RollupMonth.objects.filter(query).values_list("year", "month"))


def _upsert(deltas: dict[Key, int]) -> None:
    # In key order, so two writers touching the same rows lock them in the same order.
    items = sorted((*key, value) for key, value in deltas.items() if value)
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [value for item in chunk for value in item]
            cursor.execute(UPSERT.format(rows=rows), params)  # only placeholders formatted in


def add(rows: Iterable[Row], *, sign: int = 1) -> None:
    """Add the (unit, year, month, indicator, breakdown, value) rows that fall in closed
    months to the unit's ancestors; call it after the facts were inserted or deleted."""
    batch = list(rows)
    closed = closed_months({(row[1], row[2]) for row in batch})
    by_unit: dict[int, dict[tuple[int, int, str, str], int]] = defaultdict(lambda: defaultdict(int))
    for unit, year, month, code, key, value in batch:
        if (year, month) in closed:
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
    """The closed-month facts of `unit_ids` (a moved subtree) leave the `left` ancestors
    and join `joined` (in the tree change's transaction)."""
    left, joined = list(left), list(joined)
    if not left and not joined:
        return
    with transaction.atomic():
        lock_facts()  # no month closes and no late fact lands while the sums move
        closed = set(RollupMonth.objects.values_list("year", "month"))
        sums = (
            Fact.objects.filter(unit_id__in=unit_ids)
            .values_list("year", "month", "indicator", "breakdown")
            .annotate(n=Sum("value"))
            .order_by()
        )
        deltas: dict[Key, int] = defaultdict(int)
        for year, month, code, key, n in sums:
            if (year, month) not in closed:
                continue
            for ancestor in left:
                deltas[(ancestor, year, month, code, key)] -= n
            for ancestor in joined:
                deltas[(ancestor, year, month, code, key)] += n
        _upsert(deltas)


def month_close(year: int, month: int) -> bool:
    """Sum the month's facts into FactRollup and mark it closed (False: it already was)."""
    with transaction.atomic():
        lock_facts()
        if RollupMonth.objects.filter(year=year, month=month).exists():
            return False
        FactRollup.objects.filter(year=year, month=month).delete()
        with connection.cursor() as cursor:
            cursor.execute(FOLD.format(where="f.year = %s AND f.month = %s"), [year, month])
        RollupMonth.objects.create(year=year, month=month, closed_at=timezone.now())
    return True


def months_close(now: datetime | None = None) -> list[Month]:
    """Close every month of this year and the last that may be closed and is not (the
    hourly beat job; a month missed while beat was down is closed on the next run)."""
    last = closable(now)
    done = set(RollupMonth.objects.filter(year__gte=last[0] - 1).values_list("year", "month"))
    closed = []
    for index in range(_index(last[0] - 1, 1), _index(*last) + 1):
        month = divmod(index, 12)[0], divmod(index, 12)[1] + 1
        if month not in done and month_close(*month):
            closed.append(month)
    return closed


def rollup_rebuild(now: datetime | None = None) -> int:
    """The whole table recomputed from the facts and the ancestors, every month that may
    be closed marked closed (in the caller's transaction); returns the number of rows."""
    last = closable(now)
    FactRollup.objects.all().delete()
    RollupMonth.objects.all().delete()
    first = Fact.objects.order_by("year").values_list("year", flat=True).first()
    # As months_close would: from January of last year, or the first year with facts.
    years = range(min(first or last[0], last[0] - 1), last[0] + 1)
    stamp = timezone.now()
    RollupMonth.objects.bulk_create(
        RollupMonth(year=year, month=month, closed_at=stamp)
        for year in years
        for month in range(1, 13)
        if _index(year, month) <= _index(*last)
    )
    with connection.cursor() as cursor:
        cursor.execute(FOLD.format(where="f.year * 12 + f.month <= %s"), [_index(*last) + 1])
        return int(cursor.rowcount)
