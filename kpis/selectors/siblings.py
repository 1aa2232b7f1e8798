"""Complementary suppression between siblings, across calls of `figures`.

A reader who may see a parent and its children can subtract: the parent's year total
minus its visible children's totals gives a hidden child's count. So, for each
people-count indicator, among the children of one parent: when exactly one child's year
total is hidden (0 < n < MIN_GROUP_SIZE), the next-smallest child with a published
non-zero total is hidden too (ties: the one created first). Zeros stay published.

Kept simple, on purpose: only the year totals of direct siblings are protected this way
(the months of a unit are protected within the unit, by figures' own line); the parent's
own facts (recorded at the parent itself) are treated as known to the reader, which only
hides more. Two more queries (the roll-ups, the open months' facts) for a unit with a
parent, whatever the size of the tree.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Sum

from core import disclosure
from kpis.indicators import CATALOGUE
from kpis.models import Fact, FactRollup
from kpis.selectors.months import Split, split
from network.models import OrgUnit

PEOPLE_CODES = tuple(i.code for i in CATALOGUE if i.counts_people and i.shown)


def _totals_by_child(
    parent_id: int, year: int, day: date, months: Split
) -> dict[str, dict[int, int]]:
    """Each people-count indicator's year total per child of the parent (non-zero only)."""
    whole = (
        FactRollup.objects.filter(
            ancestor__parent_id=parent_id,
            year=year,
            month__lt=months.rolled,
            breakdown="",
            indicator__in=PEOPLE_CODES,
        )
        .values_list("ancestor_id", "indicator")
        .annotate(n=Sum("value"))
        .order_by()
    )
    rows = list(whole)
    if months.reads_facts:
        child = "unit__kpi_ancestor_rows__ancestor_id"
        rows += (
            Fact.objects.filter(
                year=year,
                month__in=months.open,
                date__lte=day,
                breakdown="",
                indicator__in=PEOPLE_CODES,
                unit__kpi_ancestor_rows__ancestor__parent_id=parent_id,
            )
            .values_list(child, "indicator")
            .annotate(n=Sum("value"))
            .order_by()
        )
    totals: dict[str, dict[int, int]] = {}
    for unit, code, n in rows:
        by_child = totals.setdefault(code, {})
        by_child[unit] = by_child.get(unit, 0) + int(n)
    return totals


def complement_of(counts: dict[int, int], size: int) -> int | None:
    """The child to hide as well, when exactly one child's count is small (else None)."""
    small = [pk for pk, n in counts.items() if 0 < n < size]
    if len(small) != 1:
        return None
    published = sorted((n, pk) for pk, n in counts.items() if n >= size)
    return published[0][1] if published else None


def hidden_by_siblings(
    unit: OrgUnit, year: int, day: date, months: Split | None = None
) -> frozenset[str]:
    """The people-count codes whose year total `unit` must hide because of its siblings
    (`months`: how the year is read, when the caller has it already)."""
    if unit.parent_id is None:
        return frozenset()
    size = disclosure.min_group_size()
    totals = _totals_by_child(unit.parent_id, year, day, months or split(year, day))
    return frozenset(
        code for code, counts in totals.items() if complement_of(counts, size) == unit.pk
    )
