"""Reads of ordering rounds and orders, and who may act on them (network.access).

Reach: a unit's administrators order for the units of their subtree; an order is
reviewed first by a unit *above* the ordering unit that reaches the order's district
(a unit never reviews its own order), then by the city centre; rounds and expert
assignment are the centre's. Orders outside a viewer's reach are "not found".
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from core import clock
from courses.models import (
    CLOSED_STATUSES,
    Order,
    OrderDate,
    OrderEvent,
    OrderStatus,
    Round,
)
from network import access
from network.access import Viewer
from network.models import Level, OrgUnit, PartnerApp, Role


def may_manage_rounds(viewer: Viewer) -> bool:
    """Opening rounds and assigning experts: the permission held at the city centre."""
    return access.reaches_whole_network(viewer, access.Perm.MANAGE_ROUNDS)


def may_review_as_centre(viewer: Viewer) -> bool:
    return access.reaches_whole_network(viewer, access.Perm.REVIEW_ORDERS)


def may_order_anywhere(viewer: Viewer) -> bool:
    return access.holds_anywhere(viewer, access.Perm.ORDER_COURSES)


def may_see_orders(viewer: Viewer) -> bool:
    return may_order_anywhere(viewer) or access.holds_anywhere(viewer, access.Perm.REVIEW_ORDERS)


def may_order_for(viewer: Viewer, unit: OrgUnit) -> bool:
    """The viewer administers `unit` (a grassroots unit, not the centre itself)."""
    return (
        unit.level != Level.CENTRE
        and unit.is_active
        and access.can(viewer, access.Perm.ORDER_COURSES, unit)
    )


def partner_may_order_for(app: PartnerApp, unit: OrgUnit) -> bool:
    """A partner app limited to a unit orders for that unit's subtree only."""
    if unit.level == Level.CENTRE or not unit.is_active:
        return False
    return app.unit is None or unit.path.startswith(app.unit.path)


def may_review_as_district(viewer: Viewer, order: Order) -> bool:
    """The viewer reaches the order's district from a unit strictly above the ordering unit.

    So a district cadre reviews its own district's orders and no other district's, and an
    administrator of the ordering unit itself (a district ordering for itself) does not.
    """
    prefixes = access.reach_prefixes(viewer, access.Perm.REVIEW_ORDERS)
    if prefixes is None:
        return True
    unit_path, district_path = order.unit.path, order.district.path
    return any(
        district_path.startswith(prefix) and len(prefix) < len(unit_path) for prefix in prefixes
    )


def may_answer_for_unit(viewer: Viewer, order: Order) -> bool:
    return access.can(viewer, access.Perm.ORDER_COURSES, order.unit)


def orderable_units(viewer: Viewer) -> QuerySet[OrgUnit]:
    """Units the viewer may order for, by tree order."""
    return (
        access.units_visible_to(viewer, access.Perm.ORDER_COURSES)
        .filter(is_active=True)
        .exclude(level=Level.CENTRE)
        .order_by("path")
    )


def open_rounds(*, on: Any = None) -> QuerySet[Round]:
    """Rounds taking orders today (opens_on ≤ today ≤ closes_on)."""
    today = on or clock.today()
    return Round.objects.filter(opens_on__lte=today, closes_on__gte=today)


def round_list(*, viewer: Viewer) -> QuerySet[Round]:
    """Every round (any staff who see orders may read them), newest first, with quotas."""
    return Round.objects.prefetch_related("quotas__district").order_by("-year")


def round_detail(public_id: uuid.UUID) -> Round | None:
    return Round.objects.filter(public_id=public_id).first()


def _with_parts(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related(
        "round",
        "unit",
        "district",
        "first_topic",
        "second_topic",
        "topic",
        "lecture__expert__practitioner",
    ).prefetch_related(Prefetch("dates", queryset=OrderDate.objects.order_by("position")))


def _scope(viewer: Viewer) -> Q:
    return access.scope_q(viewer, access.Perm.ORDER_COURSES, "unit__path") | access.scope_q(
        viewer, access.Perm.REVIEW_ORDERS, "unit__path"
    )


def orders_visible_to(
    viewer: Viewer, *, round: Round | None = None, status: str | None = None
) -> QuerySet[Order]:
    """The orders of units in the viewer's reach (as orderer or reviewer), newest first."""
    orders = Order.objects.filter(_scope(viewer))
    if round is not None:
        orders = orders.filter(round=round)
    if status:
        orders = orders.filter(status=status)
    return _with_parts(orders).order_by("-created_at", "-pk")


def order_detail(public_id: uuid.UUID, *, viewer: Viewer) -> Order | None:
    """One order in the viewer's reach with its dates and timeline; None otherwise."""
    events = OrderEvent.objects.select_related("actor", "partner_app").order_by("created_at", "pk")
    return (
        _with_parts(Order.objects.filter(_scope(viewer), public_id=public_id))
        .prefetch_related(Prefetch("events", queryset=events))
        .first()
    )


def partner_orders(app: PartnerApp) -> QuerySet[Order]:
    """The orders of the partner app's units (its unit's subtree; all when unlimited)."""
    orders = Order.objects.all()
    if app.unit is not None:
        orders = orders.filter(unit__path__startswith=app.unit.path)
    events = OrderEvent.objects.order_by("created_at", "pk")
    return (
        _with_parts(orders)
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-created_at", "-pk")
    )


def units_without_order(round: Round) -> QuerySet[OrgUnit]:
    """Active grassroots units with no live order in the round (the reminders' list)."""
    ordered = Order.objects.filter(round=round).exclude(status__in=CLOSED_STATUSES)
    return (
        OrgUnit.objects.filter(is_active=True)
        .exclude(level=Level.CENTRE)
        .exclude(pk__in=ordered.values("unit_id"))
        .order_by("path")
    )


def expert_assignments(viewer: Viewer) -> QuerySet[Order]:
    """Orders whose lecture awaits the viewer's answer as its expert."""
    if viewer is None or not viewer.is_authenticated:
        return Order.objects.none()
    return _with_parts(
        Order.objects.filter(
            status=OrderStatus.ASSIGNED, lecture__expert__practitioner__user=viewer
        )
    ).order_by("date", "pk")


def is_expert(viewer: Viewer) -> bool:
    """The viewer holds the expert role (sees the lectures awaiting their answer); read
    from the memberships the request already has, so the staff menu costs no query."""
    return any(m.role == Role.EXPERT for m in access.memberships(viewer))
