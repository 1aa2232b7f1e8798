"""A unit's figures for a year: actual (rolled up over its subtree), target, expected.

`figures` reads a constant number of queries whatever the size of the tree: which months
are closed, the unit's roll-up rows (kpis.FactRollup) for the closed months wholly before
`day`, the facts of the other months up to `day` for the subtree's units (one join of
Fact to UnitAncestor, grouped by indicator, month and breakdown), the manual entries
likewise, the active units by level, the unit's plans and the year's monthly profiles.
People-counts are suppressed (core.disclosure): a count of 1 to MIN_GROUP_SIZE - 1 is
hidden, with complementary suppression between the months and the year's total, and
between siblings' year totals (kpis.selectors.siblings: two more queries for a unit with
a parent).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, F, QuerySet, Sum

from core import clock, disclosure
from core.errors import NotFound
from kpis import permissions
from kpis.indicators import CATALOGUE, TREE_LEVELS, Indicator, Origin, indicator
from kpis.models import Fact, FactRollup, ManualEntry, MonthlyProfile, Plan, UnitAncestor
from kpis.progress import Status, expected_fraction, status
from kpis.selectors.months import Split, split
from kpis.selectors.siblings import hidden_by_siblings
from network import access
from network.access import Viewer
from network.models import OrgUnit

MONTHS = tuple(range(1, 13))
TOTAL = "total"


@dataclass(frozen=True)
class Figure:
    """One indicator for a unit and year; None where a small people-count is hidden."""

    indicator: Indicator
    actual: Decimal | None
    target: Decimal | None
    expected: Decimal
    months: tuple[Decimal | None, ...] = ()
    breakdown: dict[str, Decimal | None] = field(default_factory=dict)
    share: Decimal | None = None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def suppressed(self) -> bool:
        return self.actual is None

    @property
    def percent(self) -> Decimal | None:
        """Actual as a percentage of the target (one decimal)."""
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


@dataclass
class _Counts:
    """Raw sums by indicator: the total, per month, per breakdown key."""

    total: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    months: dict[str, dict[int, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    breakdown: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))


def _subtree_units(unit: OrgUnit) -> QuerySet[UnitAncestor, Any]:
    """The ids of `unit` and every unit below it, as a subquery."""
    return UnitAncestor.objects.filter(ancestor=unit).values("unit_id")


def _fact_rows(unit: OrgUnit, year: int, day: date, months: Split) -> list[dict[str, Any]]:
    """The subtree's sums: closed months from the roll-ups, the rest up to `day` from
    the facts (kpis.selectors.months)."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in FactRollup.objects.filter(
            ancestor=unit, year=year, month__lt=months.rolled
        ).values("indicator", "breakdown", "month", n=F("value"))
    ]
    if months.reads_facts:
        current = (
            Fact.objects.filter(
                year=year,
                month__in=months.open,
                date__lte=day,
                unit_id__in=_subtree_units(unit),
            )
            .values("indicator", "breakdown", "month")
            .annotate(n=Sum("value"))
            .order_by()
        )
        rows += [dict(row) for row in current]
    return rows


def _fact_counts(unit: OrgUnit, year: int, day: date, months: Split) -> _Counts:
    counts = _Counts()
    for row in _fact_rows(unit, year, day, months):
        code, key, n = row["indicator"], row["breakdown"], Decimal(row["n"])
        if key:
            by_key = counts.breakdown[code]
            by_key[key] = by_key.get(key, Decimal(0)) + n
            continue
        counts.total[code] += n
        counts.months[code][row["month"]] = counts.months[code].get(row["month"], 0) + n
    return counts


def _add_manual(counts: _Counts, unit: OrgUnit, year: int) -> None:
    rows = (
        ManualEntry.objects.filter(year=year, unit_id__in=_subtree_units(unit))
        .values("code", "month")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for row in rows:
        counts.total[row["code"]] += row["n"]
        counts.months[row["code"]][row["month"]] = row["n"]


def _add_tree(counts: _Counts, unit: OrgUnit) -> None:
    rows = (
        OrgUnit.objects.filter(path__startswith=unit.path, is_active=True)
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_level = {row["level"]: row["n"] for row in rows}
    for code, level in TREE_LEVELS.items():
        counts.total[code] = Decimal(by_level.get(level, 0))


def _protect(
    item: Indicator, counts: _Counts, *, hide_total: bool = False
) -> tuple[Decimal | None, tuple[Decimal | None, ...], dict[str, Decimal | None]]:
    total = counts.total.get(item.code, Decimal(0))
    months = tuple(counts.months[item.code].get(m, Decimal(0)) for m in MONTHS)
    keys = dict(sorted(counts.breakdown[item.code].items()))
    if item.origin == Origin.TREE:
        months = ()
    if not item.counts_people:
        return total, months, dict(keys)
    values: dict[object, int] = {TOTAL: int(total)}
    values.update({m: int(v) for m, v in zip(MONTHS, months, strict=True)})
    hidden = disclosure.suppress(
        values,
        [disclosure.Line(cells=MONTHS, total=TOTAL)],
        force_hidden=[TOTAL] if hide_total and total else [],
    )
    size = disclosure.min_group_size()
    return (
        None if TOTAL in hidden else total,
        tuple(None if m in hidden else v for m, v in zip(MONTHS, months, strict=True)),
        {key: None if 0 < n < size else n for key, n in keys.items()},
    )


def figures(viewer: Viewer, unit: OrgUnit, year: int, *, day: date | None = None) -> list[Figure]:
    """Every shown indicator of `unit` for `year`, counted up to `day` (today)."""
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    return unit_figures(unit, year, day=day)


def unit_figures(
    unit: OrgUnit, year: int, *, day: date | None = None, months: Split | None = None
) -> list[Figure]:
    """`figures` without the viewer check (approval snapshots, exports that checked it)."""
    day = day or clock.today()
    read = months or split(year, day)
    counts = _fact_counts(unit, year, day, read)
    _add_manual(counts, unit, year)
    _add_tree(counts, unit)
    targets = dict(Plan.objects.filter(unit=unit, year=year).values_list("code", "target"))
    profiles = dict(MonthlyProfile.objects.filter(year=year).values_list("code", "weights"))
    by_siblings = hidden_by_siblings(unit, year, day, read)
    found: list[Figure] = []
    for item in CATALOGUE:
        if not item.shown:
            continue
        weights = profiles.get(item.code)
        expected = expected_fraction(year, day, None if weights is None else list(weights))
        actual, by_month, keys = _protect(item, counts, hide_total=item.code in by_siblings)
        found.append(
            Figure(
                indicator=item,
                actual=actual,
                target=targets.get(item.code),
                expected=expected,
                months=by_month,
                breakdown=keys,
            )
        )
    return _with_shares(found)


def _with_shares(found: list[Figure]) -> list[Figure]:
    """A share indicator (mild or above) gets its percentage of the whole (taken)."""
    by_code = {figure.code: figure for figure in found}
    shared = []
    for figure in found:
        whole = by_code.get(figure.indicator.share_of)
        if whole is not None:
            part = None if figure.actual is None else int(figure.actual)
            total = None if whole.actual is None else int(whole.actual)
            figure = replace(figure, share=disclosure.percent(part, total))
        shared.append(figure)
    return shared


def figure_for(figures_: list[Figure], code: str) -> Figure:
    """The figure of one indicator in a `figures` list (KeyError when not shown)."""
    wanted = indicator(code)
    for figure in figures_:
        if figure.indicator == wanted:
            return figure
    raise KeyError(code)


def partner_figures(
    *, within: OrgUnit | None, unit_id: UUID, year: int
) -> tuple[OrgUnit, list[Figure]]:
    """A partner app's read: any unit of its own unit's subtree (None: the whole network)."""
    unit = OrgUnit.objects.filter(public_id=unit_id).first()
    if unit is None or (within is not None and not unit.path.startswith(within.path)):
        raise NotFound
    return unit, unit_figures(unit, year)
