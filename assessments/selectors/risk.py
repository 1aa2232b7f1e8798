"""Risk results per unit and day, for the staff who may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q

from assessments.models import (
    Submission,
)
from core import clock
from network import access
from network.access import Perm, Viewer

RISK_DAYS = 30


@dataclass(frozen=True)
class RiskCell:
    day: date
    unit: str | None  # None: the worker gave no district and joined no campaign
    count: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < settings.MIN_GROUP_SIZE


@dataclass(frozen=True)
class RiskCounts:
    since: date
    until: date
    cells: list[RiskCell]
    includes_no_unit: bool


def risk_counts(viewer: Viewer, *, today: date | None = None, days: int = RISK_DAYS) -> RiskCounts:
    """Risk results per unit and day over the last `days` days, within the viewer's reach.

    Results with no unit belong to no subtree: only viewers who reach the whole
    network see them. Cells are raw counts; the page suppresses 0 < n < MIN_GROUP_SIZE.
    """
    until = today or clock.today()
    since = until - timedelta(days=days - 1)
    qs = Submission.objects.filter(risk=True, submitted_on__range=(since, until))
    whole = access.reaches_whole_network(viewer, Perm.VIEW_RISK_COUNTS)
    if access.reach_prefixes(viewer, Perm.VIEW_RISK_COUNTS) is not None:  # not a superuser
        reach = access.scope_q(viewer, Perm.VIEW_RISK_COUNTS, field="unit_path")
        qs = qs.filter(reach | Q(unit_path="") if whole else reach)
    rows = (
        qs.values("submitted_on", "unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-submitted_on", "unit__name")
    )
    cells = [
        RiskCell(day=row["submitted_on"], unit=row["unit__name"], count=row["n"]) for row in rows
    ]
    return RiskCounts(since=since, until=until, cells=cells, includes_no_unit=whole)
