"""The analysts' counts page: the hotline's year in figures, never a narrative.

Analysts (Perm.VIEW_COVERAGE) and the hotline's own staff see the lines in their reach
(`hotline.selectors.cases.count_scope_q`). Counts over people (calls, cases, crises,
cases heard, people counselled) go through core.disclosure: a table whose categories
partition the calls (channel, caller type, district, case outcome) gets small-cell and
complementary suppression with its totals; one whose categories overlap (topics, key
groups) shows no totals, so hiding each small cell is enough. A fixed number of queries
whatever the data (tests/hotline/test_counts.py holds the budget).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from core import clock
from core.disclosure import min_group_size, safe_table
from core.errors import NotFound
from hotline.models import (
    Call,
    CallerType,
    CallStatus,
    CaseOutcome,
    Channel,
    CrisisIncident,
    HotlineCase,
    PetitionHearing,
    PetitionVisit,
)
from hotline.selectors.cases import count_scope_q, may_see_counts
from network.access import Viewer

KEY_GROUPS = (
    ("gig_worker", _("gig worker")),
    ("woman_worker", _("woman worker")),
    ("hardship_family", _("family in hardship")),
)
NO_DISTRICT = "—"


@dataclass(frozen=True)
class CountRow:
    month: date
    cells: tuple[int | None, ...]  # None: hidden
    total: int | None


@dataclass(frozen=True)
class CountTable:
    """Months × categories; `totals` False for overlapping categories (no total shown)."""

    key: str
    title: Any
    columns: tuple[str, ...]
    rows: tuple[CountRow, ...]
    column_totals: tuple[int | None, ...] = ()
    total: int | None = None
    totals: bool = True


@dataclass(frozen=True)
class CrisisFigures:
    months: tuple[CountRow, ...]  # one column: crises opened
    total: int | None
    median_ack_minutes: float | None  # None: nothing acknowledged or too few to show


@dataclass(frozen=True)
class PetitionCounts:
    visits: int
    cases_heard: int | None
    people_counselled: int | None


@dataclass(frozen=True)
class HotlineCounts:
    year: int
    tables: tuple[CountTable, ...]
    crises: CrisisFigures
    petition: PetitionCounts
    min_group: int


def _months(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def _month(value: datetime | date) -> date:
    return date(value.year, value.month, 1)


def _partition(
    key: str,
    title: Any,
    counts: Mapping[tuple[date, str], int],
    months: Sequence[date],
    columns: Sequence[str],
    labels: Sequence[Any],
) -> CountTable:
    safe = safe_table(counts, months, columns)
    return CountTable(
        key=key,
        title=title,
        columns=tuple(str(label) for label in labels),
        rows=tuple(
            CountRow(m, tuple(safe.cell(m, c) for c in columns), safe.row_totals[m]) for m in months
        ),
        column_totals=tuple(safe.column_totals[c] for c in columns),
        total=safe.total,
    )


def _shown(n: int, size: int) -> int | None:
    return n if n == 0 or n >= size else None


def _overlapping(
    key: str,
    title: Any,
    counts: Mapping[tuple[date, str], int],
    months: Sequence[date],
    columns: Sequence[str],
    labels: Sequence[Any],
) -> CountTable:
    size = min_group_size()
    rows = tuple(
        CountRow(m, tuple(_shown(counts.get((m, c), 0), size) for c in columns), None)
        for m in months
    )
    return CountTable(key, title, tuple(str(x) for x in labels), rows, totals=False)


def _calls(viewer: Viewer, year: int) -> Any:  # QuerySet[Call] annotated with the month "m"
    return Call.objects.filter(
        count_scope_q(viewer, "line__unit__path"),
        status=CallStatus.LOGGED,
        started_at__year=year,
    ).annotate(m=TruncMonth("started_at", tzinfo=clock.network_tz()))


def _call_tables(viewer: Viewer, year: int) -> list[CountTable]:
    months = _months(year)
    calls = _calls(viewer, year)
    aggregates = {f"ch_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values}
    aggregates |= {f"ct_{c}": Count("pk", filter=Q(caller_type=c)) for c in CallerType.values}
    aggregates |= {f"kg_{k}": Count("pk", filter=Q(**{k: True})) for k, _label in KEY_GROUPS}
    by: dict[tuple[date, str], int] = {}
    for row in calls.values("m").annotate(**aggregates).order_by():
        for name, n in row.items():
            if name != "m":
                by[(_month(row["m"]), name)] = n
    topics: dict[tuple[date, str], int] = {}
    topic_names: dict[str, str] = {}
    for row in (
        calls.values("m", "topics__code", "topics__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        if row["topics__code"]:
            topics[(_month(row["m"]), row["topics__code"])] = row["n"]
            topic_names[row["topics__code"]] = row["topics__name"]
    districts: dict[tuple[date, str], int] = {}
    for row in calls.values("m", "district__name").annotate(n=Count("pk")).order_by():
        districts[(_month(row["m"]), row["district__name"] or NO_DISTRICT)] = row["n"]
    district_names = sorted({d for _m, d in districts})
    codes = sorted(topic_names)
    return [
        _overlapping(
            "topic", _("Calls by topic"), topics, months, codes, [topic_names[c] for c in codes]
        ),
        _partition(
            "channel",
            _("Calls by channel"),
            by,
            months,
            [f"ch_{c}" for c in Channel.values],
            Channel.labels,
        ),
        _partition(
            "caller_type",
            _("Calls by caller"),
            by,
            months,
            [f"ct_{c}" for c in CallerType.values],
            CallerType.labels,
        ),
        _overlapping(
            "key_group",
            _("Calls by key group"),
            by,
            months,
            [f"kg_{k}" for k, _label in KEY_GROUPS],
            [label for _k, label in KEY_GROUPS],
        ),
        _partition(
            "district", _("Calls by district"), districts, months, district_names, district_names
        ),
    ]


def _case_tables(viewer: Viewer, year: int) -> list[CountTable]:
    months = _months(year)
    tz = clock.network_tz()
    cases = HotlineCase.objects.filter(count_scope_q(viewer, "line__unit__path"))
    opened = {
        (_month(row["m"]), "opened"): row["n"]
        for row in cases.filter(created_at__year=year)
        .annotate(m=TruncMonth("created_at", tzinfo=tz))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
    }
    closed = {
        (_month(row["m"]), row["outcome"] or "resolved"): row["n"]
        for row in cases.filter(closed_at__year=year)
        .annotate(m=TruncMonth("closed_at", tzinfo=tz))
        .values("m", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        _partition("cases_opened", _("Cases opened"), opened, months, ["opened"], [_("opened")]),
        _partition(
            "cases_closed",
            _("Cases closed, by outcome"),
            closed,
            months,
            CaseOutcome.values,
            CaseOutcome.labels,
        ),
    ]


def _crises(viewer: Viewer, year: int) -> CrisisFigures:
    months = _months(year)
    rows = list(
        CrisisIncident.objects.filter(
            count_scope_q(viewer, "line__unit__path"), opened_at__year=year
        ).values_list("opened_at", "first_acknowledged_at")
    )
    counts: dict[tuple[date, str], int] = {}
    waits: list[float] = []
    for opened_at, acknowledged_at in rows:
        key = (_month(clock.local(opened_at)), "n")
        counts[key] = counts.get(key, 0) + 1
        if acknowledged_at is not None:
            waits.append((acknowledged_at - opened_at).total_seconds() / 60)
    table = _partition("crises", "", counts, months, ["n"], [""])
    shown = len(waits) >= min_group_size()
    median = round(statistics.median(waits), 1) if shown and waits else None
    return CrisisFigures(months=table.rows, total=table.total, median_ack_minutes=median)


def _petition(viewer: Viewer, year: int) -> PetitionCounts:
    size = min_group_size()
    visits = PetitionVisit.objects.filter(
        count_scope_q(viewer, "line__unit__path"), day__year=year
    ).aggregate(n=Count("pk"), people=Sum("people_counselled"))
    heard = PetitionHearing.objects.filter(
        count_scope_q(viewer, "visit__line__unit__path"), visit__day__year=year
    ).count()
    return PetitionCounts(
        visits=visits["n"],
        cases_heard=_shown(heard, size),
        people_counselled=_shown(visits["people"] or 0, size),
    )


def hotline_counts(*, viewer: Viewer, year: int | None = None) -> HotlineCounts:
    """The year's counts over the lines in the viewer's reach (analysts: counts only)."""
    if not may_see_counts(viewer):
        raise NotFound()
    year = year or clock.today().year
    return HotlineCounts(
        year=year,
        tables=(*_call_tables(viewer, year), *_case_tables(viewer, year)),
        crises=_crises(viewer, year),
        petition=_petition(viewer, year),
        min_group=min_group_size(),
    )
