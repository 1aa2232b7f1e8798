"""Which months of a year the figures read from the roll-ups, and which from the facts.

Months wholly before the day asked about and closed (kpis.RollupMonth) come from
kpis.FactRollup; the rest, up to the day, from the facts themselves (one month, or two
in the hour after a month ended).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpis.models import RollupMonth


def months_before(year: int, day: date) -> int:
    """The first month of `year` not wholly on or before `day` (13: the whole year)."""
    if day.year != year:
        return 13 if day.year > year else 1
    return day.month


def closed_prefix(year: int) -> int:
    """The first month of `year` not closed (13: the whole year is)."""
    months = set(RollupMonth.objects.filter(year=year).values_list("month", flat=True))
    first = 1
    while first in months:
        first += 1
    return first


@dataclass(frozen=True)
class Split:
    """Months before `rolled` from the roll-ups; `rolled` to `last` from the facts."""

    rolled: int
    last: int

    @property
    def reads_facts(self) -> bool:
        return self.rolled <= self.last

    @property
    def open(self) -> list[int]:
        """The months read from the facts: a list, so that one month is `month = n` to
        the planner, which then takes the (year, month, unit) index (a range estimate led
        it to scan every fact of each unit instead)."""
        return list(range(self.rolled, self.last + 1))


def split(year: int, day: date) -> Split:
    """How `year`'s figures up to `day` are read (one query)."""
    cut = months_before(year, day)
    return Split(rolled=min(cut, closed_prefix(year)), last=min(cut, 12))
