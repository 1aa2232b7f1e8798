"""The analysts' counts page: the hotline's year in figures, never a narrative.

Analysts (Perm.VIEW_COVERAGE) and the hotline's own staff see the lines in their reach
(`hotline.selectors.cases.count_scope_q`), optionally only those whose unit lies in one
unit's subtree (`within`, the KPI dashboard's link). The year's headline figures count
what the KPI facts count (hotline/facts.py: calls logged, cases closed with an outcome,
crises first acknowledged within the first step's wait), at the line's unit and by the
network's calendar year, so a unit's page equals its KPI figures. Counts over people
(calls, cases, crises, cases heard, people counselled) go through core.disclosure: a
table whose categories partition the calls (channel, caller type, district, case
outcome) gets small-cell and complementary suppression with its totals; one whose
categories overlap (topics, key groups) shows no totals, so hiding each small cell is
enough. A fixed number of queries
whatever the data (tests/hotline/test_counts.py holds the budget).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from core import clock
from core.disclosure import min_group_size, safe_table
from core.errors import NotFound
from hotline.facts import acknowledged_in_time
from hotline.models import (
    Call,
    CallerType,
    CallStatus,
    CaseOutcome,
    CaseStatus,
    Channel,
    CrisisIncident,
    HotlineCase,
    PetitionHearing,
    PetitionVisit,
)
from hotline.selectors.cases import count_scope_q, may_see_counts
from hotline.selectors.lines import unit_filter
from network.access import Viewer
from network.models import OrgUnit

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
class KpiCounts:
    """The year's figures as the KPI indicators count them; None: a small count hidden."""

    calls: int | None  # hotline_calls
    cases_closed: int | None  # hotline_cases_closed
    crises_in_time: int | None  # crises_acknowledged_in_time


@dataclass(frozen=True)
class PetitionCounts:
    visits: int
    cases_heard: int | None
    people_counselled: int | None


@dataclass(frozen=True)
class HotlineCounts:
    year: int
    unit: OrgUnit | None  # the subtree filtered on; None: every line in reach
    kpi: KpiCounts
    tables: tuple[CountTable, ...]
    crises: CrisisFigures
    petition: PetitionCounts
    min_group: int


@dataclass(frozen=True)
class _Reach:
    """The lines counted: in the viewer's reach and, with `unit`, in its subtree."""

    viewer: Viewer
    unit: OrgUnit | None

    def q(self, field: str) -> Q:
        """A Q over `field`, the path of a line's unit."""
        scope = count_scope_q(self.viewer, field)
        if self.unit is None:
            return scope
        return scope & Q(**{f"{field}__startswith": self.unit.path})


def _in_year(field: str, year: int) -> Q:
    """`field` (a moment) in the network's calendar `year`, as the facts date a record
    (clock.local_date), whatever time zone is active."""
    start, end = clock.at(date(year, 1, 1)), clock.at(date(year + 1, 1, 1))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


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


def _calls(reach: _Reach, year: int) -> Any:  # QuerySet[Call] annotated with the month "m"
    # The predicate of the `hotline_calls` facts (hotline.facts.call_facts).
    return Call.objects.filter(
        reach.q("line__unit__path"), _in_year("started_at", year), status=CallStatus.LOGGED
    ).annotate(m=TruncMonth("started_at", tzinfo=clock.network_tz()))


def _call_tables(reach: _Reach, year: int) -> tuple[list[CountTable], int]:
    """The call tables and the year's number of calls."""
    months = _months(year)
    calls = _calls(reach, year)
    aggregates = {f"ch_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values}
    aggregates |= {f"ct_{c}": Count("pk", filter=Q(caller_type=c)) for c in CallerType.values}
    aggregates |= {f"kg_{k}": Count("pk", filter=Q(**{k: True})) for k, _label in KEY_GROUPS}
    by: dict[tuple[date, str], int] = {}
    total = 0
    for row in calls.values("m").annotate(all_calls=Count("pk"), **aggregates).order_by():
        total += row.pop("all_calls")
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
    tables = [
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
    return tables, total


def _case_tables(reach: _Reach, year: int) -> tuple[list[CountTable], int]:
    """Cases opened and closed by month, and the year's cases closed with an outcome."""
    months = _months(year)
    tz = clock.network_tz()
    cases = HotlineCase.objects.filter(reach.q("line__unit__path"))
    opened = {
        (_month(row["m"]), "opened"): row["n"]
        for row in cases.filter(_in_year("created_at", year))
        .annotate(m=TruncMonth("created_at", tzinfo=tz))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
    }
    # The predicate of the `hotline_cases_closed` facts (hotline.facts.case_facts).
    closed = {
        (_month(row["m"]), row["outcome"]): row["n"]
        for row in cases.filter(_in_year("closed_at", year), status=CaseStatus.CLOSED)
        .exclude(outcome="")
        .annotate(m=TruncMonth("closed_at", tzinfo=tz))
        .values("m", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    tables = [
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
    return tables, sum(closed.values())


def _crises(reach: _Reach, year: int) -> tuple[CrisisFigures, int]:
    """Crises opened by month with the median wait, and the year's crises acknowledged
    in time (hotline.facts.crisis_facts: dated the day the crisis began)."""
    months = _months(year)
    incidents = list(
        CrisisIncident.objects.filter(
            reach.q("line__unit__path"), _in_year("opened_at", year)
        ).only("opened_at", "first_acknowledged_at", "chain")
    )
    counts: dict[tuple[date, str], int] = {}
    waits: list[float] = []
    for incident in incidents:
        opened_at, acknowledged_at = incident.opened_at, incident.first_acknowledged_at
        key = (_month(clock.local(opened_at)), "n")
        counts[key] = counts.get(key, 0) + 1
        if acknowledged_at is not None:
            waits.append((acknowledged_at - opened_at).total_seconds() / 60)
    table = _partition("crises", "", counts, months, ["n"], [""])
    shown = len(waits) >= min_group_size()
    median = round(statistics.median(waits), 1) if shown and waits else None
    in_time = sum(1 for incident in incidents if acknowledged_in_time(incident))
    figures = CrisisFigures(months=table.rows, total=table.total, median_ack_minutes=median)
    return figures, in_time


def _petition(reach: _Reach, year: int) -> PetitionCounts:
    size = min_group_size()
    visits = PetitionVisit.objects.filter(reach.q("line__unit__path"), day__year=year).aggregate(
        n=Count("pk"), people=Sum("people_counselled")
    )
    heard = PetitionHearing.objects.filter(
        reach.q("visit__line__unit__path"), visit__day__year=year
    ).count()
    return PetitionCounts(
        visits=visits["n"],
        cases_heard=_shown(heard, size),
        people_counselled=_shown(visits["people"] or 0, size),
    )


def hotline_counts(
    *, viewer: Viewer, year: int | None = None, within: UUID | None = None
) -> HotlineCounts:
    """The year's counts over the lines in the viewer's reach (analysts: counts only);
    with `within` (an org unit's public id), only the lines of that unit's subtree. An
    unknown unit is no filter; one outside the reach leaves nothing to count."""
    if not may_see_counts(viewer):
        raise NotFound()
    year = year or clock.today().year
    reach = _Reach(viewer, unit_filter(within))
    call_tables, calls = _call_tables(reach, year)
    case_tables, closed = _case_tables(reach, year)
    crises, in_time = _crises(reach, year)
    size = min_group_size()
    return HotlineCounts(
        year=year,
        unit=reach.unit,
        kpi=KpiCounts(
            calls=_shown(calls, size),
            cases_closed=_shown(closed, size),
            crises_in_time=_shown(in_time, size),
        ),
        tables=(*call_tables, *case_tables),
        crises=crises,
        petition=_petition(reach, year),
        min_group=size,
    )


def count_units(*, viewer: Viewer) -> list[OrgUnit]:
    """The active units the viewer counts with the page's permissions, tree order (the
    page's unit filter)."""
    scope = count_scope_q(viewer, "path")
    return list(
        OrgUnit.objects.filter(scope, is_active=True)
        .order_by("path")
        .only("public_id", "name", "path", "depth")
    )
