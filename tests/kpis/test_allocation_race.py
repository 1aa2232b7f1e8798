"""Racing allocations on PostgreSQL: the parent's locked plan row keeps the sum in bounds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections

from accounts.models import User
from core.errors import DomainError
from kpis.errors import ErrorCode, PlanError
from kpis.models import Plan
from kpis.services import plan_set
from network.models import Level, OrgUnit
from tests.network import factories

Y, CODE, DISTRICTS = 2026, "lectures_held", 8


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_allocations_never_exceed_the_parents_target(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    centre = tree["centre"]
    plan_set(actor=centre_admin, unit=centre, year=Y, code=CODE, target=Decimal(100))
    districts = [factories.unit(f"区{n}", Level.DISTRICT, centre) for n in range(DISTRICTS)]

    def allocate(unit: OrgUnit) -> Callable[[], Plan]:
        return lambda: plan_set(
            actor=centre_admin, unit=unit, year=Y, code=CODE, target=Decimal(20)
        )

    results = at_once([allocate(unit) for unit in districts])
    assert sum(isinstance(r, Plan) for r in results) == 5, results
    assert all(isinstance(r, Plan | PlanError) for r in results), results
    assert Plan.objects.filter(unit__parent=centre).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_plans_at_once_give_one_plan_and_a_polite_refusal(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    centre = tree["centre"]

    def first(target: int) -> Callable[[], Plan]:
        return lambda: plan_set(
            actor=centre_admin, unit=centre, year=Y, code=CODE, target=Decimal(target)
        )

    results = at_once([first(100), first(120)])
    plans = [r for r in results if isinstance(r, Plan)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(plans) == 1 and len(refusals) == 1, results
    # Refused at the unique constraint (PlanTaken) or, when the first had committed
    # already, asked for a reason: a DomainError with a message either way, never a 500.
    assert refusals[0].code in (ErrorCode.PLAN_TAKEN, ErrorCode.REASON_REQUIRED)
    assert str(refusals[0].message)
    plan = Plan.objects.get(unit=centre, year=Y, code=CODE)
    assert plan.target == plans[0].target and plan.versions.count() == 1
