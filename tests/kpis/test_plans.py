"""Annual plans: allocation down the tree, versions with reasons, expected progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from kpis.errors import ErrorCode
from kpis.models import PlanVersion
from kpis.progress import Status, expected_fraction, status
from kpis.selectors import expected_for
from kpis.services import plan_set, profile_set
from network.models import AuditEntry, OrgUnit

pytestmark = pytest.mark.django_db
CODE = "lectures_held"
Y = 2026


def _city_plan(actor: User, tree: dict[str, OrgUnit], target: str, **kw: object) -> None:
    plan_set(actor=actor, unit=tree["centre"], year=Y, code=CODE, target=Decimal(target), **kw)  # type: ignore[arg-type]


def test_children_may_not_exceed_the_parents_target(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    _city_plan(centre_admin, tree, "150")
    plan_set(actor=centre_admin, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(100))
    with pytest.raises(DomainError) as refused:
        plan_set(actor=centre_admin, unit=tree["district_b"], year=Y, code=CODE, target=Decimal(60))
    assert refused.value.code == ErrorCode.OVER_ALLOCATED
    plan_set(actor=centre_admin, unit=tree["district_b"], year=Y, code=CODE, target=Decimal(50))


def test_over_allocation_is_allowed_when_the_parents_plan_says_so(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    _city_plan(centre_admin, tree, "150", allow_over_allocation=True)
    plan_set(actor=centre_admin, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(100))
    plan = plan_set(
        actor=centre_admin, unit=tree["district_b"], year=Y, code=CODE, target=Decimal(80)
    )
    assert plan.target == Decimal(80)


def test_a_parent_cannot_drop_below_what_it_allocated(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    _city_plan(centre_admin, tree, "150")
    plan_set(actor=centre_admin, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(100))
    with pytest.raises(DomainError) as refused:
        _city_plan(centre_admin, tree, "90", reason="budget cut")
    assert refused.value.code == ErrorCode.OVER_ALLOCATED


def test_a_child_needs_its_parents_plan(centre_admin: User, tree: dict[str, OrgUnit]) -> None:
    with pytest.raises(DomainError) as refused:
        plan_set(actor=centre_admin, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(1))
    assert refused.value.code == ErrorCode.NO_PARENT_PLAN


def test_unknown_indicator_is_refused(centre_admin: User, tree: dict[str, OrgUnit]) -> None:
    with pytest.raises(DomainError) as refused:
        plan_set(actor=centre_admin, unit=tree["centre"], year=Y, code="nope", target=Decimal(1))
    assert refused.value.code == ErrorCode.UNKNOWN_INDICATOR


def test_a_change_mid_year_keeps_history_with_its_reason(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    _city_plan(centre_admin, tree, "150")
    with pytest.raises(DomainError) as refused:
        _city_plan(centre_admin, tree, "160")
    assert refused.value.code == ErrorCode.REASON_REQUIRED
    _city_plan(centre_admin, tree, "160", reason="new notice from the federation")
    versions = list(PlanVersion.objects.filter(plan__unit=tree["centre"]).order_by("version"))
    assert [(v.version, v.target, v.reason) for v in versions] == [
        (1, Decimal(150), ""),
        (2, Decimal(160), "new notice from the federation"),
    ]
    entry = AuditEntry.objects.filter(action="kpis.plan.changed").get()
    assert entry.details["previous"] == "150.00"
    assert entry.details["target"] == "160"


def test_a_district_allocates_to_its_stations_but_not_a_siblings(
    centre_admin: User, cadre_a: User, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    _city_plan(centre_admin, tree, "150")
    plan_set(actor=centre_admin, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(100))
    plan_set(actor=cadre_a, unit=tree["station_a1"], year=Y, code=CODE, target=Decimal(40))
    with pytest.raises(NotFound):
        plan_set(actor=cadre_b, unit=tree["station_a1"], year=Y, code=CODE, target=Decimal(1))
    # Its own target is set from above, not by itself.
    with pytest.raises(PermissionDenied):
        plan_set(
            actor=cadre_a,
            unit=tree["district_a"],
            year=Y,
            code=CODE,
            target=Decimal(200),
            reason="more",
        )


def test_linear_expected_progress() -> None:
    assert expected_fraction(Y, date(2025, 12, 31)) == 0
    assert expected_fraction(Y, date(2027, 1, 1)) == 1
    assert expected_fraction(Y, date(Y, 12, 31)) == 1
    assert expected_fraction(Y, date(Y, 7, 2)) == Decimal(183) / Decimal(365)


def test_status_tells_behind_schedule_from_below_target() -> None:
    assert status(Decimal(150), Decimal(150), Decimal("0.5")) == Status.MET
    assert status(Decimal(80), Decimal(150), Decimal("0.5")) == Status.ON_TRACK
    assert status(Decimal(60), Decimal(150), Decimal("0.5")) == Status.BEHIND
    assert status(Decimal(140), Decimal(150), Decimal(1)) == Status.BELOW


@time_machine.travel("2026-03-01 10:00 +08:00", tick=False)
def test_a_monthly_profile_flags_behind_schedule_where_linear_would_not(
    centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    # Few lectures in the Spring Festival month (February 2026): weight 1, the others 10.
    weights = [10, 1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    linear = expected_for(CODE, Y)
    profile_set(actor=centre_admin, code=CODE, year=Y, weights=weights)
    profiled = expected_for(CODE, Y)
    # 1 March: linear 60/365 ≈ 16.4 %; the profile 11 + 10/31 of 10, of 111 ≈ 10.2 %.
    assert linear == Decimal(60) / Decimal(365)
    assert profiled == (Decimal(11) + Decimal(10) / Decimal(31)) / Decimal(111)
    target, actual = Decimal(150), Decimal(20)  # 13.3 % done
    assert status(actual, target, linear) == Status.BEHIND
    assert status(actual, target, profiled) == Status.ON_TRACK
    assert status(Decimal(10), target, profiled) == Status.BEHIND


def test_a_profile_needs_twelve_weights_and_the_city(
    centre_admin: User, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    with pytest.raises(DomainError) as refused:
        profile_set(actor=centre_admin, code=CODE, year=Y, weights=[1] * 11)
    assert refused.value.code == ErrorCode.BAD_PROFILE
    with pytest.raises(PermissionDenied):
        profile_set(actor=cadre_a, code=CODE, year=Y, weights=[1] * 12)


def test_a_first_plan_set_by_another_request_meanwhile_is_a_polite_refusal(
    centre_admin: User, tree: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpis.models import Plan
    from kpis.services import plans as plan_services

    check = plan_services._check_allocation

    def the_other_request_wins(**kwargs: object) -> None:
        check(**kwargs)  # type: ignore[arg-type]
        Plan.objects.create(
            unit=tree["centre"], year=Y, code=CODE, target=Decimal(7), updated_by=centre_admin
        )

    monkeypatch.setattr(plan_services, "_check_allocation", the_other_request_wins)
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as refused:
            _city_plan(centre_admin, tree, "150")
        assert "其他人刚刚设定了这项计划" in str(refused.value.message)
    assert refused.value.code == ErrorCode.PLAN_TAKEN
    assert refused.value.status == 409
    assert not PlanVersion.objects.exists()
