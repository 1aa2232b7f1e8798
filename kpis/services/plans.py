"""Annual plans: the city's plan is the root, a parent allocates targets to its children.

The sum of the children's targets may not exceed the parent's own unless the parent's
plan allows it; every change is a new PlanVersion with its reason, and audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotFound, PermissionDenied
from kpis import permissions
from kpis.errors import ErrorCode, KpiError, PlanError, PlanTaken
from kpis.indicators import indicator_codes
from kpis.models import MonthlyProfile, Plan, PlanVersion
from network import access, audit
from network.models import OrgUnit


def check_code(code: str) -> None:
    if code not in indicator_codes():
        raise KpiError(
            _("Unknown indicator."), code=ErrorCode.UNKNOWN_INDICATOR, fields={"code": []}
        )


def _require_planner(actor: User, unit: OrgUnit) -> None:
    """A unit's plan is set from above: by its parent's planners (the root's by the city)."""
    if not access.can(actor, permissions.VIEW, unit):
        raise NotFound
    allocator = unit.parent if unit.parent_id is not None else unit
    if allocator is None or not access.can(actor, permissions.PLAN, allocator):
        raise PermissionDenied


def _children_total(parent: OrgUnit, year: int, code: str, *, without: OrgUnit | None) -> Decimal:
    rows = Plan.objects.filter(unit__parent=parent, year=year, code=code)
    if without is not None:
        rows = rows.exclude(unit=without)
    return rows.aggregate(total=Sum("target"))["total"] or Decimal(0)


def _over(total: Decimal, limit: Decimal) -> PlanError:
    return PlanError(
        _("The children's targets (%(total)s) would exceed the parent's target (%(limit)s).")
        % {"total": total, "limit": limit},
        code=ErrorCode.OVER_ALLOCATED,
        fields={"target": []},
    )


def _check_allocation(
    *, unit: OrgUnit, year: int, code: str, target: Decimal, allow_over: bool
) -> None:
    """Inside the transaction, with the parent's plan row locked."""
    if unit.parent is not None:
        parent_plan = (
            Plan.objects.select_for_update().filter(unit=unit.parent, year=year, code=code).first()
        )
        if parent_plan is None:
            raise PlanError(
                _("The parent unit has no plan for this indicator and year."),
                code=ErrorCode.NO_PARENT_PLAN,
            )
        total = _children_total(unit.parent, year, code, without=unit) + target
        if total > parent_plan.target and not parent_plan.allow_over_allocation:
            raise _over(total, parent_plan.target)
    children = _children_total(unit, year, code, without=None)
    if children > target and not allow_over:
        raise _over(children, target)


def _first_plan(
    actor: User, unit: OrgUnit, year: int, code: str, target: Decimal, allow_over: bool
) -> Plan:
    """The unique constraint settles two first plans at once: the later one is refused."""
    try:
        with transaction.atomic():
            return Plan.objects.create(
                unit=unit,
                year=year,
                code=code,
                target=target,
                allow_over_allocation=allow_over,
                updated_by=actor,
            )
    except IntegrityError as error:
        raise PlanTaken from error


@transaction.atomic
def plan_set(
    *,
    actor: User,
    unit: OrgUnit,
    year: int,
    code: str,
    target: Decimal,
    allow_over_allocation: bool = False,
    reason: str = "",
) -> Plan:
    """Set (or change) a unit's annual target; a change needs a reason and keeps history."""
    check_code(code)
    _require_planner(actor, unit)
    if target < 0:
        raise KpiError(_("A target cannot be negative."), fields={"target": []})
    plan = Plan.objects.select_for_update().filter(unit=unit, year=year, code=code).first()
    reason = reason.strip()
    if plan is not None and not reason:
        raise KpiError(
            _("Say why the plan changes."), code=ErrorCode.REASON_REQUIRED, fields={"reason": []}
        )
    _check_allocation(
        unit=unit, year=year, code=code, target=target, allow_over=allow_over_allocation
    )
    if plan is None:
        plan = _first_plan(actor, unit, year, code, target, allow_over_allocation)
        action = "kpis.plan.created"
    else:
        old = plan.target
        plan.target = target
        plan.allow_over_allocation = allow_over_allocation
        plan.version += 1
        plan.updated_by = actor
        plan.save()
        action = "kpis.plan.changed"
    PlanVersion.objects.create(
        plan=plan,
        version=plan.version,
        target=target,
        allow_over_allocation=allow_over_allocation,
        reason=reason,
        changed_by=actor,
    )
    details = {"year": year, "code": code, "target": str(target), "version": plan.version}
    if action == "kpis.plan.changed":
        details["previous"] = str(old)
    audit.record(actor=actor, action=action, target=plan, unit=unit, details=details)
    return plan


@transaction.atomic
def profile_set(*, actor: User, code: str, year: int, weights: Sequence[float]) -> MonthlyProfile:
    """The city's monthly profile for an indicator (12 non-negative weights, not all 0)."""
    check_code(code)
    if not access.reaches_whole_network(actor, permissions.PLAN):
        raise PermissionDenied
    values = [float(w) for w in weights]
    if len(values) != 12 or any(w < 0 for w in values) or sum(values) == 0:
        raise KpiError(
            _("Give 12 monthly weights, none negative, not all zero."),
            code=ErrorCode.BAD_PROFILE,
            fields={"weights": []},
        )
    profile, _created = MonthlyProfile.objects.update_or_create(
        code=code, year=year, defaults={"weights": values, "updated_by": actor}
    )
    audit.record(
        actor=actor,
        action="kpis.profile.set",
        target=profile,
        details={"code": code, "year": year, "weights": values},
    )
    return profile
