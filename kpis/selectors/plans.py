"""Reads for planning: a unit's plans and its children's allocations, expected progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from core import clock
from core.errors import NotFound
from kpis import permissions
from kpis.models import MonthlyProfile, Plan, PlanVersion
from kpis.progress import expected_fraction
from network import access
from network.access import Viewer
from network.models import OrgUnit


@dataclass
class AllocationRow:
    """One indicator on a unit's plan page: its own target and what its children got."""

    code: str
    plan: Plan | None
    children: dict[int, Plan] = field(default_factory=dict)

    @property
    def allocated(self) -> Decimal:
        return sum((p.target for p in self.children.values()), Decimal(0))

    @property
    def remaining(self) -> Decimal | None:
        return None if self.plan is None else self.plan.target - self.allocated


def visible_unit(viewer: Viewer, public_id: UUID | str) -> OrgUnit:
    """A unit by public id, if the viewer reaches it (else not found)."""
    unit = OrgUnit.objects.select_related("parent").filter(public_id=public_id).first()
    if unit is None or not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    return unit


def children_of(viewer: Viewer, unit: OrgUnit) -> list[OrgUnit]:
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    return list(unit.children.filter(is_active=True).order_by("path"))


def allocation_rows(viewer: Viewer, unit: OrgUnit, year: int) -> list[AllocationRow]:
    """Per indicator planned at the unit or its children: two queries whatever the size."""
    if not access.can(viewer, permissions.VIEW, unit):
        raise NotFound
    rows: dict[str, AllocationRow] = {}
    own = Plan.objects.filter(unit=unit, year=year).order_by("code")
    for plan in own.prefetch_related("versions__changed_by"):
        rows[plan.code] = AllocationRow(code=plan.code, plan=plan)
    for plan in Plan.objects.filter(unit__parent=unit, year=year):
        rows.setdefault(plan.code, AllocationRow(code=plan.code, plan=None))
        rows[plan.code].children[plan.unit_id] = plan
    return [rows[code] for code in sorted(rows)]


def plan_history(viewer: Viewer, plan: Plan) -> list[PlanVersion]:
    if not access.can(viewer, permissions.VIEW, plan.unit):
        raise NotFound
    return list(plan.versions.select_related("changed_by").order_by("-version"))


def expected_for(code: str, year: int, day: date | None = None) -> Decimal:
    """The share of the year's target expected by `day` (today by default)."""
    profile = MonthlyProfile.objects.filter(code=code, year=year).first()
    weights = None if profile is None else [float(w) for w in profile.weights]
    return expected_fraction(year, day or clock.today(), weights)


def top_unit(viewer: Viewer) -> OrgUnit:
    """The highest unit the viewer reaches (where its plan page starts), else not found."""
    unit = access.units_visible_to(viewer).filter(is_active=True).order_by("depth", "path").first()
    if unit is None:
        raise NotFound
    return unit
