"""Swap requests a viewer may see: their own, and a supervised line's open ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.db.models import Q, QuerySet

from accounts.models import User
from core import clock
from core.errors import NotFound
from hotline import rota
from hotline.models import Line, SwapRequest
from hotline.models.swaps import OPEN_SWAP_STATUSES
from hotline.selectors.lines import eligible_people, may_supervise, may_view
from hotline.selectors.roster import ROSTER_DAYS, people_by_id, roster_shifts
from network.access import Viewer


def _with_relations(qs: QuerySet[SwapRequest]) -> QuerySet[SwapRequest]:
    return qs.select_related("requester", "colleague", "shift", "counter_shift", "line__unit")


def swaps_for_person(*, viewer: Viewer, line: Line) -> QuerySet[SwapRequest]:
    """Open requests the viewer asked for or is asked to answer."""
    if not may_view(viewer, line):
        raise NotFound()
    return _with_relations(
        SwapRequest.objects.filter(
            Q(requester=viewer) | Q(colleague=viewer), line=line, status__in=OPEN_SWAP_STATUSES
        )
    )


def swaps_to_decide(*, viewer: Viewer, line: Line) -> QuerySet[SwapRequest]:
    """Open requests of a line, for its supervisors (accepted ones first)."""
    if not may_supervise(viewer, line):
        raise NotFound()
    return _with_relations(
        SwapRequest.objects.filter(line=line, status__in=OPEN_SWAP_STATUSES)
    ).order_by("status", "created_at")


def swap_get(*, viewer: Viewer, public_id: UUID | str) -> SwapRequest:
    swap = _with_relations(SwapRequest.objects.filter(public_id=public_id)).first()
    if swap is None or not may_view(viewer, swap.line):
        raise NotFound()
    return swap


@dataclass(frozen=True)
class SwapOptions:
    """What the "ask for a swap" form offers for one of the viewer's shifts."""

    shift: rota.ShiftTime
    duty: str
    colleagues: QuerySet[User]
    counter_shifts: list[rota.ShiftTime]
    people: dict[int, User]


def swap_options(*, viewer: User, line: Line, ref: str) -> SwapOptions:
    """The viewer's upcoming shift `ref`, the colleagues who could take it and the
    colleagues' upcoming shifts (NotFound unless the shift is the viewer's)."""
    if not may_view(viewer, line):
        raise NotFound()
    now = clock.now_local()
    upcoming = [
        s
        for s in roster_shifts(line, now, now + timedelta(days=ROSTER_DAYS))
        if not s.cancelled and s.starts_at > now
    ]
    shift = next((s for s in upcoming if s.ref == ref), None)
    if shift is None or viewer.pk not in shift.user_ids():
        raise NotFound()
    duty = next(d for uid, d in shift.people if uid == viewer.pk)
    counter = [s for s in upcoming if s.user_ids() and viewer.pk not in s.user_ids()]
    return SwapOptions(
        shift=shift,
        duty=duty,
        colleagues=eligible_people(line, duty).exclude(pk=viewer.pk),
        counter_shifts=counter,
        people=people_by_id(upcoming),
    )
