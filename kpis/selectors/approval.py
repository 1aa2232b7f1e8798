"""Reads for approval: a unit's figures for a month and what changed since approval."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from core import disclosure
from core.errors import NotFound
from kpis import permissions
from kpis.indicators import Origin
from kpis.models import Approval, ManualEntry
from kpis.selectors.figures import unit_figures
from network import access
from network.access import Viewer
from network.models import OrgUnit


@dataclass(frozen=True)
class Change:
    code: str
    before: str | None
    now: str | None


def period_figures(unit: OrgUnit, year: int, month: int) -> dict[str, str]:
    """The figures an approval covers, {code: value as text}: the unit's manual entries and
    the month's computed figures (its subtree's facts; a small people-count as "<10")."""
    rows = ManualEntry.objects.filter(unit=unit, year=year, month=month).values_list(
        "code", "value"
    )
    found = {code: str(value) for code, value in rows}
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    for figure in unit_figures(unit, year, day=last_day):
        if figure.indicator.origin != Origin.COMPUTED:
            continue
        value = figure.months[month - 1]
        if value is None:
            found[figure.code] = f"<{disclosure.min_group_size()}"
        elif value:
            found[figure.code] = str(value)
    return found


def approval_for(viewer: Viewer, unit: OrgUnit, year: int, month: int) -> Approval | None:
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    return (
        Approval.objects.select_related("submitted_by", "approved_by", "accepted_by")
        .filter(unit=unit, year=year, month=month)
        .first()
    )


def changes_since_approval(approval: Approval | None, current: dict[str, str]) -> list[Change]:
    """Figures that differ from the snapshot taken at the last approval (none before one)."""
    if approval is None or approval.approved_at is None:
        return []
    before: dict[str, str] = approval.snapshot
    return [
        Change(code=code, before=before.get(code), now=current.get(code))
        for code in sorted(set(before) | set(current))
        if before.get(code) != current.get(code)
    ]
