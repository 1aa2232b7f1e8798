"""Figures for many units at once (a unit's children, the stations on its map).

`unit_rows` reads a constant number of queries whatever the number of units: which
months are closed, each unit's roll-up rows of those months, the other months' facts
rolled up to each unit (one join of Fact to UnitAncestor grouped by ancestor and
indicator), the manual entries likewise, the active units below each by level, and the
units' plans. People-counts are suppressed with complementary suppression along the
line "the units' counts plus the rest add up to the parent's", so a hidden cell cannot
be recovered from the parent's figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from core import clock, disclosure
from kpis.indicators import CATALOGUE, TREE_LEVELS, Indicator, Origin
from kpis.models import Fact, FactRollup, ManualEntry, Plan, UnitAncestor
from kpis.progress import Status, status
from kpis.selectors.figures import Figure
from kpis.selectors.months import Split, split
from network.models import OrgUnit

REST = "rest"
PARENT = "parent"


@dataclass(frozen=True)
class Cell:
    """One indicator of one unit: None where a small people-count is hidden."""

    actual: Decimal | None
    target: Decimal | None
    expected: Decimal

    @property
    def suppressed(self) -> bool:
        return self.actual is None

    @property
    def percent(self) -> Decimal | None:
        if self.actual is None or not self.target:
            return None
        return (Decimal(100) * self.actual / self.target).quantize(Decimal("0.1"))

    @property
    def expected_percent(self) -> Decimal:
        return (Decimal(100) * self.expected).quantize(Decimal("0.1"))

    @property
    def status(self) -> Status | None:
        if self.actual is None or self.target is None:
            return None
        return status(self.actual, self.target, self.expected)


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    cells: dict[str, Cell]

    def cell(self, code: str) -> Cell:
        return self.cells[code]


def _raw_counts(
    units: Sequence[OrgUnit], year: int, day: date, months: Split
) -> dict[int, dict[str, Decimal]]:
    ids = [u.pk for u in units]
    found: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rolled = (
        FactRollup.objects.filter(
            ancestor__in=ids, year=year, month__lt=months.rolled, breakdown=""
        )
        .values_list("ancestor", "indicator")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for unit_id, code, n in rolled:
        found[unit_id][code] += Decimal(n)
    if months.reads_facts:
        facts = (
            Fact.objects.filter(
                year=year,
                month__in=months.open,
                date__lte=day,
                breakdown="",
                unit__kpi_ancestor_rows__ancestor__in=ids,
            )
            .values_list("unit__kpi_ancestor_rows__ancestor", "indicator")
            .annotate(n=Sum("value"))
            .order_by()
        )
        for unit_id, code, n in facts:
            found[unit_id][code] += Decimal(n)
    manual = (
        ManualEntry.objects.filter(year=year, unit__kpi_ancestor_rows__ancestor__in=ids)
        .values("unit__kpi_ancestor_rows__ancestor", "code")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for entry in manual:
        found[entry["unit__kpi_ancestor_rows__ancestor"]][entry["code"]] += Decimal(entry["n"])
    levels = {level: code for code, level in TREE_LEVELS.items()}
    tree = (
        UnitAncestor.objects.filter(ancestor__in=ids, unit__is_active=True)
        .values("ancestor", "unit__level")
        .annotate(n=Count("unit"))
        .order_by()
    )
    for level in tree:
        code = levels.get(level["unit__level"])
        if code:
            found[level["ancestor"]][code] = Decimal(level["n"])
    return found


def _hidden(
    item: Indicator, units: Sequence[OrgUnit], raw: dict[int, dict[str, Decimal]], parent: Figure
) -> frozenset[object]:
    """The units whose count of `item` is hidden (complementary along the parent's line)."""
    if not item.counts_people:
        return frozenset()
    values: dict[object, int] = {u.pk: int(raw[u.pk].get(item.code, 0)) for u in units}
    whole = int(parent.actual) if parent.actual is not None else None
    if whole is None:
        # The parent's own figure is hidden: each unit's small count still is.
        size = disclosure.min_group_size()
        return frozenset(k for k, v in values.items() if 0 < v < size)
    values[REST] = max(whole - sum(values.values()), 0)
    values[PARENT] = whole
    cells = tuple(k for k in values if k != PARENT)
    lines = [disclosure.Line(cells=cells, total=PARENT)]
    try:
        hidden = disclosure.suppress(values, lines, always_publish=(PARENT,) if whole else ())
    except disclosure.Unprotectable:
        return frozenset(u.pk for u in units)
    return hidden


def unit_rows(
    units: Sequence[OrgUnit],
    year: int,
    parent: list[Figure],
    *,
    day: date | None = None,
    months: Split | None = None,
) -> list[UnitRow]:
    """Each unit's figures (with its subtree), in the order given, suppressed against the
    `parent`'s figures (`unit_figures` of the unit the rows sit under). The caller has
    checked the viewer reaches the units; `months`: how the year is read (kpis.selectors.
    months.split), when the caller has it already."""
    if not units:
        return []
    day = day or clock.today()
    raw = _raw_counts(units, year, day, months or split(year, day))
    targets: dict[tuple[int, str], Decimal] = {
        (unit_id, code): target
        for unit_id, code, target in Plan.objects.filter(
            unit__in=[u.pk for u in units], year=year
        ).values_list("unit_id", "code", "target")
    }
    by_code = {figure.code: figure for figure in parent}
    cells: dict[int, dict[str, Cell]] = {u.pk: {} for u in units}
    for item in CATALOGUE:
        figure = by_code.get(item.code)
        if figure is None:
            continue
        hidden = _hidden(item, units, raw, figure)
        for unit in units:
            n = raw[unit.pk].get(item.code, Decimal(0))
            if item.origin == Origin.TREE and item.code not in raw[unit.pk]:
                n = Decimal(0)
            cells[unit.pk][item.code] = Cell(
                actual=None if unit.pk in hidden else n,
                target=targets.get((unit.pk, item.code)),
                expected=figure.expected,
            )
    return [UnitRow(unit=unit, cells=cells[unit.pk]) for unit in units]
