"""Swap requests: asked, accepted, approved; only the approval changes the roster."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
import time_machine

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from hotline import selectors, services
from hotline.errors import ErrorCode
from hotline.models import Duty, Line, SwapRequest, SwapStatus
from network.models import AuditEntry, OrgUnit, Role
from tests.hotline.conftest import Weekly, at
from tests.network import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _wednesday() -> Iterator[None]:
    with time_machine.travel(at(2026, 6, 10, 8, 45), tick=False):
        yield


def ref_at(line: Line, y: int, m: int, d: int, hour: int) -> str:
    start = at(y, m, d, hour)
    return next(
        s.ref
        for s in selectors.roster_shifts(line, start, at(y, m, d, 23, 59))
        if s.starts_at == start
    )


@pytest.fixture
def spare(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("spare@example.com", Role.HOTLINE_OPERATOR, tree["centre"])


def test_a_hand_over_changes_the_roster_only_when_approved(
    full_week: None, line: Line, operator: User, spare: User, supervisor: User
) -> None:
    ref = ref_at(line, 2026, 6, 11, 8)
    swap = services.swap_request_create(actor=operator, line=line, ref=ref, colleague=spare)
    thursday = at(2026, 6, 11, 9)
    assert services.on_duty(line=line, moment=thursday).operators == [operator]
    swap = services.swap_request_accept(actor=spare, swap=swap)
    assert swap.status == SwapStatus.ACCEPTED
    assert services.on_duty(line=line, moment=thursday).operators == [operator]
    swap = services.swap_request_approve(actor=supervisor, swap=swap)
    assert swap.status == SwapStatus.APPROVED and swap.decided_by == supervisor
    assert services.on_duty(line=line, moment=thursday).operators == [spare]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"hotline.swap.requested", "hotline.swap.accepted", "hotline.swap.approved"} <= actions


def test_a_swap_exchanges_two_shifts(
    full_week: None, line: Line, operator: User, operator2: User, supervisor: User
) -> None:
    mine = ref_at(line, 2026, 6, 11, 8)  # operator's day shift
    theirs = ref_at(line, 2026, 6, 12, 16)  # operator2's evening
    swap = services.swap_request_create(
        actor=operator, line=line, ref=mine, colleague=operator2, counter_ref=theirs
    )
    services.swap_request_accept(actor=operator2, swap=swap)
    services.swap_request_approve(actor=supervisor, swap=swap)
    assert services.on_duty(line=line, moment=at(2026, 6, 11, 9)).operators == [operator2]
    assert services.on_duty(line=line, moment=at(2026, 6, 12, 17)).operators == [operator]


def test_a_colleague_on_an_overlapping_shift_is_refused(
    weekly: Weekly, line: Line, operator: User, operator2: User, supervisor: User
) -> None:
    weekly(time(8), time(16), [(operator, Duty.OPERATOR)], name="早")
    weekly(time(12), time(20), [(operator2, Duty.OPERATOR)], name="中")
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=operator2
        )
    assert refused.value.code == ErrorCode.COLLEAGUE_BUSY
    assert str(refused.value.message).endswith(
        "is already on an overlapping shift (06-11 12:00–06-11 20:00)."
    )
    assert not SwapRequest.objects.exists()


def test_a_shift_in_the_past_cannot_be_swapped(
    full_week: None, line: Line, operator: User, spare: User
) -> None:
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=operator, line=line, ref=ref_at(line, 2026, 6, 10, 8), colleague=spare
        )
    assert refused.value.code == ErrorCode.SHIFT_IN_PAST
    assert "already begun" in str(refused.value.message)


def test_only_a_shift_of_ones_own_can_be_offered(
    full_week: None, line: Line, operator2: User, spare: User
) -> None:
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=operator2, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
        )
    assert refused.value.code == ErrorCode.NOT_ON_SHIFT


def test_an_operator_cannot_take_a_supervisors_duty(
    full_week: None, line: Line, supervisor: User, spare: User
) -> None:
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=supervisor, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
        )
    assert refused.value.code == ErrorCode.COLLEAGUE_NOT_ELIGIBLE
    assert "cannot take supervisor duty" in str(refused.value.message)


def test_an_operator_of_another_line_cannot_take_the_shift(
    full_week: None, line: Line, operator: User, operator_b: User
) -> None:
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=operator_b
        )
    assert refused.value.code == ErrorCode.COLLEAGUE_NOT_ELIGIBLE


def test_a_supervisor_cannot_approve_before_the_colleague_accepts(
    full_week: None, line: Line, operator: User, spare: User, supervisor: User
) -> None:
    swap = services.swap_request_create(
        actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
    )
    with pytest.raises(DomainError) as refused:
        services.swap_request_approve(actor=supervisor, swap=swap)
    assert refused.value.code == ErrorCode.SWAP_NOT_OPEN
    assert "waiting for the colleague" in str(refused.value.message)


def test_only_the_colleague_answers_and_only_a_supervisor_approves(
    full_week: None, line: Line, operator: User, operator2: User, spare: User
) -> None:
    swap = services.swap_request_create(
        actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
    )
    with pytest.raises(PermissionDenied):
        services.swap_request_accept(actor=operator2, swap=swap)
    services.swap_request_accept(actor=spare, swap=swap)
    with pytest.raises(PermissionDenied):
        services.swap_request_approve(actor=operator2, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.ACCEPTED


def test_approval_checks_again_that_the_colleague_is_free(
    full_week: None, line: Line, operator: User, spare: User, supervisor: User
) -> None:
    swap = services.swap_request_create(
        actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
    )
    services.swap_request_accept(actor=spare, swap=swap)
    services.shift_add_extra(
        actor=supervisor,
        line=line,
        starts_at=at(2026, 6, 11, 10),
        ends_at=at(2026, 6, 11, 12),
        people=[(spare, Duty.OPERATOR)],
    )
    with pytest.raises(DomainError) as refused:
        services.swap_request_approve(actor=supervisor, swap=swap)
    assert refused.value.code == ErrorCode.COLLEAGUE_BUSY
    assert services.on_duty(line=line, moment=at(2026, 6, 11, 9)).operators == [operator]


def test_a_shift_is_offered_once_at_a_time(
    full_week: None, line: Line, operator: User, operator2: User, spare: User
) -> None:
    ref = ref_at(line, 2026, 6, 11, 8)
    services.swap_request_create(actor=operator, line=line, ref=ref, colleague=spare)
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(
            actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=operator2
        )
    assert refused.value.code == ErrorCode.SWAP_ALREADY_OPEN


def test_a_declined_request_changes_nothing(
    full_week: None, line: Line, operator: User, spare: User, supervisor: User
) -> None:
    swap = services.swap_request_create(
        actor=operator, line=line, ref=ref_at(line, 2026, 6, 11, 8), colleague=spare
    )
    services.swap_request_decline(actor=spare, swap=swap)
    with pytest.raises(DomainError):
        services.swap_request_approve(actor=supervisor, swap=swap)
    assert services.on_duty(line=line, moment=at(2026, 6, 11, 9)).operators == [operator]
