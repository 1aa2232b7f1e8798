"""The staff dashboard of a unit: figures, monthly trend, children, stations on a map.

A constant number of queries whatever the size of the tree: `unit_figures` (facts by
indicator, month and breakdown in one query), `unit_rows` for the children and for the
stations, the stations' map points, and the year's monthly profiles.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from core import clock
from core.errors import NotFound
from kpis import permissions
from kpis.indicators import Origin, indicator
from kpis.models import MonthlyProfile
from kpis.progress import expected_fraction
from kpis.selectors.breakdown import key_group_chart_data
from kpis.selectors.figures import MONTHS, Figure, unit_figures
from kpis.selectors.months import Split, split
from kpis.selectors.rows import UnitRow, unit_rows
from network import access
from network.access import Perm, Viewer
from network.models import OrgUnit
from network.selectors.stations import stations_queryset


@dataclass(frozen=True)
class RecordPage:
    """Where the records behind an indicator are listed and who may open them there.

    `query`: the page's fixed filters (the status or kind the indicator counts);
    `unit`: the parameter the page reads a unit's public id from, to show its subtree
    (empty: the page has no unit filter); `by_year`: the page reads `?year=`;
    `whole_network`: the page opens only for holders of `perm` at the city centre (the
    library's pages), else for holders at the unit."""

    name: str
    perm: str
    query: tuple[tuple[str, str], ...] = ()
    unit: str = "unit"
    by_year: bool = True
    whole_network: bool = False

    def opens_for(self, viewer: Viewer, unit: OrgUnit) -> bool:
        if self.whole_network:
            return access.reaches_whole_network(viewer, self.perm)
        return access.can(viewer, self.perm, unit)

    def url(self, unit: OrgUnit, year: int) -> str:
        params = dict(self.query)
        if self.unit:
            params[self.unit] = str(unit.public_id)
        if self.by_year:
            params["year"] = str(year)
        return reverse(self.name) + ("?" + urlencode(params) if params else "")


def _active_units(level: str) -> RecordPage:
    query = (("level__exact", level), ("is_active__exact", "1"))
    return RecordPage(
        "admin:network_orgunit_changelist", Perm.MANAGE_UNITS, query, unit="within", by_year=False
    )


_LECTURES = RecordPage("staff:courses:lectures", Perm.RUN_LECTURES, (("status", "held"),))
_FIGURES = RecordPage("staff:assessments:figures", Perm.VIEW_ASSESSMENT_FIGURES)
_HOTLINE = RecordPage("staff:hotline:counts", Perm.VIEW_COVERAGE)
_PETITION = RecordPage("staff:hotline:petition_visits", Perm.HOTLINE_OPERATE)

# Each indicator's records, filtered to exactly what the number counts where the page can.
# Assessment numbers lead to the published figures, never to anyone's answers.
RECORD_PAGES: dict[str, RecordPage] = {
    "units_active_district": _active_units("district"),
    "units_active_station": _active_units("station"),
    "units_active_room": _active_units("room"),
    "backbone_certified": RecordPage(
        "staff:learning:register", Perm.MANAGE_MEMBERS, (("counted", "1"),)
    ),
    "online_courses_published": RecordPage(
        "staff:learning:premium", Perm.MANAGE_CATALOGUE, whole_network=True
    ),
    "online_learning_visits": RecordPage(
        "staff:learning:library_items", Perm.MANAGE_CATALOGUE, whole_network=True
    ),
    "lectures_held": _LECTURES,
    "lecture_attendances": _LECTURES,
    "cadre_lectures": RecordPage(
        "staff:courses:lectures", Perm.RUN_LECTURES, (("status", "held"), ("cadres", "1"))
    ),
    "unit_assessments_completed": RecordPage(
        "staff:assessments:campaign_list",
        Perm.VIEW_ASSESSMENT_FIGURES,
        (("status", "completed"),),
    ),
    "assessments_taken": _FIGURES,
    "assessments_mild_or_above": _FIGURES,
    "counselling_sessions": RecordPage(
        "staff:appointments:sessions", Perm.VIEW_STATION_SCHEDULE, (("kind", "counselling"),)
    ),
    "pod_sessions": RecordPage(
        "staff:appointments:sessions", Perm.VIEW_STATION_SCHEDULE, (("kind", "pod"),)
    ),
    "hotline_calls": _HOTLINE,
    "hotline_cases_closed": _HOTLINE,
    "crises_acknowledged_in_time": _HOTLINE,
    "petition_visits": _PETITION,
    "petition_cases_heard": _PETITION,
    "petition_people_counselled": _PETITION,
}


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    year: int
    day: date
    figures: list[Figure]
    children: list[UnitRow]
    stations: list[dict[str, Any]]
    map_code: str
    chart: dict[str, Any]
    groups_chart: dict[str, Any]
    links: dict[str, str]


def trend(figure: Figure, year: int, day: date, weights: list[float] | None) -> dict[str, Any]:
    """One indicator's months: the actual summed up to each month's end (None after
    today's month, and from a hidden month on, since a later sum would reveal it), the
    target, and the target times the share expected by each month's end."""
    actual: list[float | None] = []
    running = Decimal(0)
    broken = False
    for month, value in zip(MONTHS, figure.months, strict=True):
        if value is None or broken or date(year, month, 1) > day:
            broken = broken or value is None
            actual.append(None)
            continue
        running += value
        actual.append(float(running))
    target = None if figure.target is None else float(figure.target)
    expected: list[float | None] = []
    for month in MONTHS:
        end = date(year, month, calendar.monthrange(year, month)[1])
        share = expected_fraction(year, end, weights)
        expected.append(None if figure.target is None else float(figure.target * share))
    return {
        "code": figure.code,
        "name": str(figure.indicator.name),
        "actual": actual,
        "target": target,
        "expected": expected,
    }


def _chart(figures_: list[Figure], year: int, day: date) -> dict[str, Any]:
    profiles = dict(MonthlyProfile.objects.filter(year=year).values_list("code", "weights"))
    series = []
    for figure in figures_:
        if not figure.months:
            continue
        weights = profiles.get(figure.code)
        series.append(trend(figure, year, day, None if weights is None else list(weights)))
    return {"months": [str(m) for m in MONTHS], "series": series}


def _links(viewer: Viewer, unit: OrgUnit, year: int) -> dict[str, str]:
    """Each indicator's record page, filtered to the unit's subtree and the year where the
    page can filter, for viewers who may open it."""
    return {
        code: page.url(unit, year)
        for code, page in RECORD_PAGES.items()
        if page.opens_for(viewer, unit)
    }


def _stations(
    unit: OrgUnit, year: int, parent: list[Figure], code: str, day: date, months: Split
) -> list[dict[str, Any]]:
    profiles = list(
        stations_queryset(within_unit=unit).order_by("unit__path").prefetch_related(None)
    )
    units = [profile.unit for profile in profiles]
    rows = unit_rows(units, year, parent, day=day, months=months)
    found = []
    for profile, row in zip(profiles, rows, strict=True):
        cell = row.cell(code)
        found.append(
            {
                "name": profile.unit.name,
                "lat": profile.lat,
                "lng": profile.lng,
                "url": reverse("staff:kpis:progress", args=[profile.unit.public_id]),
                "status": "" if cell.status is None else str(cell.status),
                "actual": None if cell.actual is None else float(cell.actual),
                "percent": None if cell.percent is None else float(cell.percent),
            }
        )
    return found


def dashboard(
    viewer: Viewer, unit: OrgUnit, year: int, *, map_code: str = "", day: date | None = None
) -> Dashboard:
    """Everything the progress page shows, for a unit the viewer reaches (else not found)."""
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    day = day or clock.today()
    read = split(year, day)
    figures_ = unit_figures(unit, year, day=day, months=read)
    codes = [f.code for f in figures_ if f.indicator.origin != Origin.TREE]
    if map_code not in codes:
        map_code = next((f.code for f in figures_ if f.target is not None and f.code in codes), "")
        map_code = map_code or codes[0]
    children = list(unit.children.filter(is_active=True).order_by("path"))
    return Dashboard(
        unit=unit,
        year=year,
        day=day,
        figures=figures_,
        children=unit_rows(children, year, figures_, day=day, months=read),
        stations=_stations(unit, year, figures_, map_code, day, read),
        map_code=map_code,
        chart=_chart(figures_, year, day),
        groups_chart=key_group_chart_data(figures_),
        links=_links(viewer, unit, year),
    )


def map_choices(figures_: list[Figure]) -> list[tuple[str, str]]:
    """The indicators a station map may be coloured by (all but the tree's counts)."""
    return [
        (f.code, str(indicator(f.code).name)) for f in figures_ if f.indicator.origin != Origin.TREE
    ]
