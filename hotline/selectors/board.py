"""The supervisor's board: one read per block, each a fixed number of queries whatever
the data (tests/hotline/test_board.py holds the budget). Supervisors of the line only;
no block carries a narrative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour
from django.utils import timezone

from core import clock
from core.errors import NotFound
from hotline.models import Call, CaseStatus, HotlineCase, Line, NextStep
from hotline.selectors.lines import may_supervise
from hotline.selectors.petition import PetitionFigures, petition_figures
from network.access import Viewer

OVERDUE_SHOWN = 50


def _require_supervisor(viewer: Viewer, line: Line) -> None:
    if not may_supervise(viewer, line):
        raise NotFound()


@dataclass(frozen=True)
class HourCount:
    hour: int
    calls: int
    percent: int  # of the busiest hour, for the inline bar


def calls_today_by_hour(*, viewer: Viewer, line: Line) -> list[HourCount]:
    """Calls started today (network time) on the line, for each of the 24 hours."""
    _require_supervisor(viewer, line)
    tz = clock.network_tz()
    start = datetime.combine(clock.today(), time.min, tzinfo=tz)
    rows = (
        Call.objects.filter(line=line, started_at__gte=start, started_at__lt=start + timedelta(1))
        .annotate(hour=ExtractHour("started_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("pk"))
    )
    counts = {row["hour"]: row["n"] for row in rows}
    top = max(counts.values(), default=0)
    return [
        HourCount(
            hour=h, calls=counts.get(h, 0), percent=counts.get(h, 0) * 100 // top if top else 0
        )
        for h in range(24)
    ]


# (label key, at least so many days old, younger than so many days; None: no bound)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("under_1", 0, 1),
    ("1_to_3", 1, 3),
    ("3_to_7", 3, 7),
    ("7_to_30", 7, 30),
    ("over_30", 30, None),
)


def open_cases_by_age(*, viewer: Viewer, line: Line) -> dict[str, int]:
    """The line's cases not closed, by days since they were opened (one query)."""
    _require_supervisor(viewer, line)
    now = timezone.now()
    aggregates = {}
    for key, older, younger in AGE_BUCKETS:
        q = Q(created_at__lte=now - timedelta(days=older))
        if younger is not None:
            q &= Q(created_at__gt=now - timedelta(days=younger))
        aggregates[key] = Count("pk", filter=q)
    return (
        HotlineCase.objects.filter(line=line)
        .exclude(status=CaseStatus.CLOSED)
        .aggregate(**aggregates)
    )


@dataclass(frozen=True)
class OverdueSteps:
    total: int
    shown: list[NextStep]


def overdue_next_steps(*, viewer: Viewer, line: Line) -> OverdueSteps:
    """Open next steps of the line's open cases past their due time, oldest first."""
    _require_supervisor(viewer, line)
    qs = NextStep.objects.filter(
        case__line=line, done_at__isnull=True, due_at__lt=timezone.now()
    ).exclude(case__status=CaseStatus.CLOSED)
    shown = list(qs.select_related("case__owner").order_by("due_at", "pk")[:OVERDUE_SHOWN])
    total = len(shown) if len(shown) < OVERDUE_SHOWN else qs.count()
    return OverdueSteps(total=total, shown=shown)


def petition_this_year(*, viewer: Viewer, line: Line) -> PetitionFigures:
    _require_supervisor(viewer, line)
    return petition_figures(viewer=viewer, line=line, year=clock.today().year)
