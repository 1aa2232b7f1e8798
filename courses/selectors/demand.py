"""The demand view: what units ordered, by topic × district × month, before the centre plans.

Each order counts once: under its first-choice topic, its district and the month of its
first preferred date. Orders a district returned still count (they say what units want);
orders are not people, so no small-group suppression applies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from courses.models import OrderDate, Round, Topic
from network import access
from network.access import Viewer
from network.models import OrgUnit

MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class DemandRow:
    topic: Topic
    district: OrgUnit
    by_month: tuple[int, ...]  # January … December

    @property
    def total(self) -> int:
        return sum(self.by_month)


@dataclass
class Demand:
    """The table's rows (topic, district) and the heat map's cells (topic × month)."""

    round: Round
    rows: list[DemandRow] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    month_totals: tuple[int, ...] = (0,) * 12

    @property
    def total(self) -> int:
        return sum(self.month_totals)

    def heat_cells(self) -> list[list[int]]:
        """[month index, topic index, orders] for every non-empty cell (ECharts' format)."""
        index = {topic.pk: i for i, topic in enumerate(self.topics)}
        cells: dict[tuple[int, int], int] = defaultdict(int)
        for row in self.rows:
            for month, count in enumerate(row.by_month):
                if count:
                    cells[(month, index[row.topic.pk])] += count
        return [[m, t, n] for (m, t), n in sorted(cells.items())]

    def chart(self) -> dict[str, Any]:
        return {
            "topics": [topic.title for topic in self.topics],
            "cells": self.heat_cells(),
            "max": max((n for _m, _t, n in self.heat_cells()), default=0),
        }


def demand(*, viewer: Viewer, round: Round, district: OrgUnit | None = None) -> Demand:
    """Orders of `round` in the viewer's reach (the centre sees every district), in two
    queries whatever the number of orders."""
    firsts = OrderDate.objects.filter(order__round=round, position=1).filter(
        access.scope_q(viewer, access.Perm.REVIEW_ORDERS, "order__unit__path")
    )
    if district is not None:
        firsts = firsts.filter(order__district=district)
    counts = (
        firsts.annotate(month=ExtractMonth("date"))
        .values("order__first_topic", "order__district", "month")
        .annotate(n=Count("pk"))
    )
    grid: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * 12)
    for item in counts:
        grid[(item["order__first_topic"], item["order__district"])][item["month"] - 1] += item["n"]
    topics = {t.pk: t for t in Topic.objects.filter(pk__in={k[0] for k in grid})}
    districts = {d.pk: d for d in OrgUnit.objects.filter(pk__in={k[1] for k in grid})}
    rows = [
        DemandRow(topic=topics[t], district=districts[d], by_month=tuple(months))
        for (t, d), months in grid.items()
    ]
    rows.sort(key=lambda r: (-r.total, r.topic.code, r.district.path))
    ordered_topics = sorted(
        topics.values(),
        key=lambda t: (-sum(r.total for r in rows if r.topic.pk == t.pk), t.code),
    )
    month_totals = tuple(sum(r.by_month[m] for r in rows) for m in range(12))
    return Demand(round=round, rows=rows, topics=ordered_topics, month_totals=month_totals)
