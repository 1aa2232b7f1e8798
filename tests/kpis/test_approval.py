"""Manual figures and the approval of a period: submit, approve (locks), accept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from kpis.errors import ErrorCode, PeriodLocked
from kpis.models import ApprovalStatus
from kpis.selectors import changes_since_approval, period_figures
from kpis.services import (
    approval_accept,
    approval_approve,
    approval_reopen,
    approval_submit,
    manual_entry_set,
)
from network.models import AuditEntry, OrgUnit, Role
from tests.network import factories

pytestmark = pytest.mark.django_db
Y, M = 2026, 3


@pytest.fixture
def station_admin(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("station.a1@example.com", Role.UNIT_ADMIN, tree["station_a1"])


def _enter(actor: User, unit: OrgUnit, value: int, code: str = "publicity_events") -> None:
    manual_entry_set(actor=actor, unit=unit, code=code, year=Y, month=M, value=Decimal(value))


def test_manual_entries_are_audited(station_admin: User, tree: dict[str, OrgUnit]) -> None:
    _enter(station_admin, tree["station_a1"], 3)
    _enter(station_admin, tree["station_a1"], 4)
    entries = AuditEntry.objects.filter(action="kpis.manual.set").order_by("id")
    assert [(e.details["value"], e.details["previous"]) for e in entries] == [
        ("3", None),
        ("4", "3.00"),
    ]
    assert period_figures(tree["station_a1"], Y, M) == {"publicity_events": "4.00"}


def test_only_manual_indicators_are_entered_by_hand(
    station_admin: User, tree: dict[str, OrgUnit]
) -> None:
    with pytest.raises(DomainError) as refused:
        _enter(station_admin, tree["station_a1"], 3, code="lectures_held")
    assert refused.value.code == ErrorCode.NOT_MANUAL


def test_approval_locks_manual_entries_and_shows_the_change_since(
    station_admin: User, cadre_a: User, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    station = tree["station_a1"]
    _enter(station_admin, station, 3)
    approval = approval_submit(actor=station_admin, unit=station, year=Y, month=M)
    # The station cannot approve its own figures; its district does.
    with pytest.raises(PermissionDenied):
        approval_approve(actor=station_admin, approval=approval)
    approval = approval_approve(actor=cadre_a, approval=approval)
    assert approval.approved_by == cadre_a
    assert approval.approved_at is not None
    assert approval.snapshot == {"publicity_events": "3.00"}

    with pytest.raises(PeriodLocked) as refused:
        _enter(station_admin, station, 5)
    assert refused.value.code == ErrorCode.PERIOD_LOCKED
    assert period_figures(station, Y, M) == {"publicity_events": "3.00"}

    with pytest.raises(PermissionDenied):
        approval_accept(actor=cadre_a, approval=approval)
    approval = approval_accept(actor=centre_admin, approval=approval)
    assert approval.status == ApprovalStatus.ACCEPTED
    with pytest.raises(PeriodLocked):
        _enter(station_admin, station, 5)

    approval = approval_reopen(actor=cadre_a, approval=approval, reason="typo in March")
    _enter(station_admin, station, 5)
    _enter(station_admin, station, 900, code="article_reach")
    changes = changes_since_approval(approval, period_figures(station, Y, M))
    assert [(c.code, c.before, c.now) for c in changes] == [
        ("article_reach", None, "900.00"),
        ("publicity_events", "3.00", "5.00"),
    ]


def test_steps_out_of_order_are_refused(
    station_admin: User, cadre_a: User, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    approval = approval_submit(actor=station_admin, unit=tree["station_a1"], year=Y, month=M)
    with pytest.raises(DomainError) as refused:
        approval_accept(actor=centre_admin, approval=approval)
    assert refused.value.code == ErrorCode.WRONG_STATE
    with pytest.raises(DomainError):
        approval_submit(actor=station_admin, unit=tree["station_a1"], year=Y, month=M)


def test_a_sibling_district_can_neither_enter_nor_approve(
    station_admin: User, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    with pytest.raises(NotFound):
        _enter(cadre_b, tree["station_a1"], 1)
    approval = approval_submit(actor=station_admin, unit=tree["station_a1"], year=Y, month=M)
    with pytest.raises(NotFound):
        approval_approve(actor=cadre_b, approval=approval)
