"""What the exports hold: the unit and its children as rows, and the approval stamps.

Each read is audit-logged (`kpis.export.<format>`), with the unit and the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core import clock
from core.errors import NotFound
from kpis import permissions
from kpis.indicators import Indicator
from kpis.models import Approval
from kpis.selectors.breakdown import key_group_charts
from kpis.selectors.figures import Figure, unit_figures
from kpis.selectors.rows import Cell, UnitRow, unit_rows
from network import access, audit
from network.access import Viewer
from network.models import OrgUnit


@dataclass(frozen=True)
class Stamp:
    """Who approved (and accepted) a period's figures."""

    month: int
    status: str
    approved_by: str
    approved_at: str
    accepted_by: str


@dataclass(frozen=True)
class ExportTable:
    unit: OrgUnit
    year: int
    day: date
    figures: list[Figure]
    rows: list[UnitRow]  # the unit itself first, then its children
    stamps: list[Stamp]

    def groups(self) -> list[tuple[str, list[Indicator]]]:
        """Indicators by group (the app that records them), in catalogue order."""
        found: dict[str, list[Indicator]] = {}
        for figure in self.figures:
            found.setdefault(str(figure.indicator.group), []).append(figure.indicator)
        return list(found.items())


def _own_row(unit: OrgUnit, figures_: list[Figure]) -> UnitRow:
    cells = {f.code: Cell(actual=f.actual, target=f.target, expected=f.expected) for f in figures_}
    return UnitRow(unit=unit, cells=cells)


def _stamps(unit: OrgUnit, year: int) -> list[Stamp]:
    approvals = (
        Approval.objects.select_related("approved_by", "accepted_by")
        .filter(unit=unit, year=year, approved_at__isnull=False)
        .order_by("month")
    )
    return [
        Stamp(
            month=a.month,
            status=str(a.get_status_display()),
            approved_by=a.approved_by.display_name if a.approved_by else "",
            approved_at=clock.local(a.approved_at).strftime("%Y-%m-%d %H:%M")
            if a.approved_at
            else "",
            accepted_by=a.accepted_by.display_name if a.accepted_by else "",
        )
        for a in approvals
    ]


def export_table(viewer: Viewer, unit: OrgUnit, year: int, *, kind: str) -> ExportTable:
    """The rows of an export of `unit` for `year` (a unit out of reach: not found)."""
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    day = clock.today()
    figures_ = unit_figures(unit, year, day=day)
    children = list(unit.children.filter(is_active=True).order_by("path"))
    rows = [_own_row(unit, figures_), *unit_rows(children, year, figures_, day=day)]
    audit.record(
        actor=viewer,
        action=f"kpis.export.{kind}",
        unit=unit,
        details={"year": year, "kind": kind},
    )
    return ExportTable(
        unit=unit, year=year, day=day, figures=figures_, rows=rows, stamps=_stamps(unit, year)
    )


def report_context(unit: OrgUnit, year: int) -> dict[str, object]:
    """What the annual report PDF shows (the request checked the reach and logged it)."""
    day = clock.today()
    figures_ = unit_figures(unit, year, day=day)
    children = list(unit.children.filter(is_active=True).order_by("path"))
    return {
        "unit": unit,
        "year": year,
        "day": day,
        "figures": figures_,
        "children": unit_rows(children, year, figures_, day=day),
        "stamps": _stamps(unit, year),
        "group_charts": key_group_charts(figures_),
    }


@dataclass(frozen=True)
class Bar:
    """One indicator's bar in the PDF's inline SVG (widths in percent of the track)."""

    name: str
    width: float
    expected: float
    percent: str
    status: str


def bars(figures_: list[Figure]) -> list[Bar]:
    """The indicators with a target and a shown figure, as bars (capped at 100 %)."""
    found = []
    for figure in figures_:
        if figure.percent is None:
            continue
        found.append(
            Bar(
                name=str(figure.indicator.name),
                width=min(float(figure.percent), 100.0),
                expected=min(float(figure.expected_percent), 100.0),
                percent=f"{figure.percent}%",
                status="" if figure.status is None else str(figure.status),
            )
        )
    return found
