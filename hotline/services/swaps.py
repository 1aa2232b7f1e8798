"""Swap requests: asked by an operator, accepted by the colleague, approved by a supervisor.

Only the approval changes the roster, and it checks everything again inside its
transaction (the shift has not begun, the colleague is still free and allowed on the
duty), so a request that was fine when asked cannot break the roster later.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, NotFound, PermissionDenied
from hotline.errors import ErrorCode
from hotline.models import Line, Shift, ShiftAssignment, SwapRequest, SwapStatus
from hotline.models.swaps import OPEN_SWAP_STATUSES
from hotline.selectors.lines import may_supervise, may_view
from hotline.selectors.roster import person_shifts
from hotline.services.shifts import check_eligible, check_not_started, shift_resolve
from network import audit


def _assignment(shift: Shift, user: User) -> ShiftAssignment:
    assignment = ShiftAssignment.objects.filter(shift=shift, user=user).first()
    if assignment is None:
        raise DomainError(
            _("%(name)s is not on this shift.") % {"name": user.display_name},
            code=ErrorCode.NOT_ON_SHIFT,
        )
    return assignment


def _check_free(
    line: Line, user: User, shift: Shift, *, besides: set[int], code: ErrorCode
) -> None:
    for other in person_shifts(line, user, shift.starts_at, shift.ends_at):
        if other.shift_key not in besides:
            raise DomainError(
                _("%(name)s is already on an overlapping shift (%(start)s–%(end)s).")
                % {
                    "name": user.display_name,
                    "start": clock.local(other.starts_at).strftime("%m-%d %H:%M"),
                    "end": clock.local(other.ends_at).strftime("%m-%d %H:%M"),
                },
                code=code,
            )


def _check_swap(
    line: Line, shift: Shift, counter: Shift | None, requester: User, colleague: User
) -> tuple[ShiftAssignment, ShiftAssignment | None]:
    """Everything a swap needs, checked at asking and again at approval."""
    for one in (shift, counter):
        if one is not None:
            check_not_started(one)
    given = _assignment(shift, requester)
    taken = _assignment(counter, colleague) if counter is not None else None
    check_eligible(line, colleague, given.duty)
    if taken is not None:
        check_eligible(line, requester, taken.duty)
    besides = {shift.pk} | ({counter.pk} if counter is not None else set())
    _check_free(line, colleague, shift, besides=besides, code=ErrorCode.COLLEAGUE_BUSY)
    if counter is not None:
        _check_free(line, requester, counter, besides=besides, code=ErrorCode.REQUESTER_BUSY)
    return given, taken


def swap_request_create(
    *,
    actor: User,
    line: Line,
    ref: str,
    colleague: User,
    counter_ref: str = "",
    note: str = "",
) -> SwapRequest:
    """`actor` offers their shift `ref` to `colleague` (for the colleague's `counter_ref`)."""
    if not may_view(actor, line):
        raise NotFound()
    if colleague.pk == actor.pk:
        raise DomainError(
            _("Choose a colleague other than yourself."),
            code=ErrorCode.COLLEAGUE_NOT_ELIGIBLE,
            fields={"colleague": [_("Choose a colleague other than yourself.")]},
        )
    with transaction.atomic():
        shift = shift_resolve(line=line, ref=ref)
        counter = shift_resolve(line=line, ref=counter_ref) if counter_ref else None
        _check_swap(line, shift, counter, actor, colleague)
        if SwapRequest.objects.filter(
            shift=shift, requester=actor, status__in=OPEN_SWAP_STATUSES
        ).exists():
            raise DomainError(
                _("You have already asked to swap this shift."),
                code=ErrorCode.SWAP_ALREADY_OPEN,
            )
        swap = SwapRequest.objects.create(
            line=line,
            shift=shift,
            counter_shift=counter,
            requester=actor,
            colleague=colleague,
            note=note,
        )
        audit.record(
            actor=actor,
            action="hotline.swap.requested",
            target=swap,
            unit=line.unit,
            details={"colleague": colleague.pk, "shift": shift.pk},
        )
    return swap


def _locked(swap: SwapRequest, *statuses: str) -> SwapRequest:
    locked = SwapRequest.objects.select_for_update().select_related("line__unit").get(pk=swap.pk)
    if locked.status not in statuses:
        raise DomainError(
            _("This request is no longer waiting for that step (it is %(status)s).")
            % {"status": locked.get_status_display()},
            code=ErrorCode.SWAP_NOT_OPEN,
        )
    return locked


def _answer(swap: SwapRequest, actor: User, status: str, action: str) -> SwapRequest:
    if actor.pk != swap.colleague_id:
        raise PermissionDenied()
    with transaction.atomic():
        swap = _locked(swap, SwapStatus.PENDING)
        swap.status = status
        swap.answered_at = clock.now_local()
        swap.save(update_fields=["status", "answered_at"])
        audit.record(actor=actor, action=action, target=swap, unit=swap.line.unit)
    return swap


def swap_request_accept(*, actor: User, swap: SwapRequest) -> SwapRequest:
    """The colleague agrees; a supervisor decides next."""
    return _answer(swap, actor, SwapStatus.ACCEPTED, "hotline.swap.accepted")


def swap_request_decline(*, actor: User, swap: SwapRequest) -> SwapRequest:
    return _answer(swap, actor, SwapStatus.DECLINED, "hotline.swap.declined")


def swap_request_withdraw(*, actor: User, swap: SwapRequest) -> SwapRequest:
    if actor.pk != swap.requester_id:
        raise PermissionDenied()
    with transaction.atomic():
        swap = _locked(swap, *OPEN_SWAP_STATUSES)
        swap.status = SwapStatus.WITHDRAWN
        swap.save(update_fields=["status"])
        audit.record(actor=actor, action="hotline.swap.withdrawn", target=swap, unit=swap.line.unit)
    return swap


def _decide(swap: SwapRequest, actor: User) -> None:
    if not may_supervise(actor, swap.line):
        raise PermissionDenied()


def swap_request_approve(*, actor: User, swap: SwapRequest) -> SwapRequest:
    """A supervisor approves an accepted request: only now the shifts change hands."""
    _decide(swap, actor)
    with transaction.atomic():
        swap = _locked(swap, SwapStatus.ACCEPTED)
        line = swap.line
        shift = Shift.objects.select_for_update().get(pk=swap.shift_id)
        counter = (
            Shift.objects.select_for_update().get(pk=swap.counter_shift_id)
            if swap.counter_shift_id
            else None
        )
        given, taken = _check_swap(line, shift, counter, swap.requester, swap.colleague)
        given.user = swap.colleague
        given.save(update_fields=["user"])
        if taken is not None:
            taken.user = swap.requester
            taken.save(update_fields=["user"])
        swap.status = SwapStatus.APPROVED
        swap.decided_by = actor
        swap.decided_at = clock.now_local()
        swap.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="hotline.swap.approved",
            target=swap,
            unit=line.unit,
            details={
                "shift": shift.pk,
                "counter_shift": counter.pk if counter else None,
                "from": swap.requester_id,
                "to": swap.colleague_id,
            },
        )
    return swap


def swap_request_reject(*, actor: User, swap: SwapRequest) -> SwapRequest:
    _decide(swap, actor)
    with transaction.atomic():
        swap = _locked(swap, *OPEN_SWAP_STATUSES)
        swap.status = SwapStatus.REJECTED
        swap.decided_by = actor
        swap.decided_at = clock.now_local()
        swap.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(actor=actor, action="hotline.swap.rejected", target=swap, unit=swap.line.unit)
    return swap
