"""Swap requests a viewer may see: their own, and a supervised line's open ones."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from core.errors import NotFound
from hotline.models import Line, SwapRequest
from hotline.models.swaps import OPEN_SWAP_STATUSES
from hotline.selectors.lines import may_supervise, may_view


def _with_relations(qs: QuerySet[SwapRequest]) -> QuerySet[SwapRequest]:
    return qs.select_related("requester", "colleague", "shift", "counter_shift", "line__unit")


def swaps_for_person(*, viewer: Any, line: Line) -> QuerySet[SwapRequest]:
    """Open requests the viewer asked for or is asked to answer."""
    if not may_view(viewer, line):
        raise NotFound()
    return _with_relations(
        SwapRequest.objects.filter(
            Q(requester=viewer) | Q(colleague=viewer), line=line, status__in=OPEN_SWAP_STATUSES
        )
    )


def swaps_to_decide(*, viewer: Any, line: Line) -> QuerySet[SwapRequest]:
    """Open requests of a line, for its supervisors (accepted ones first)."""
    if not may_supervise(viewer, line):
        raise NotFound()
    return _with_relations(
        SwapRequest.objects.filter(line=line, status__in=OPEN_SWAP_STATUSES)
    ).order_by("status", "created_at")


def swap_get(*, viewer: Any, public_id: UUID | str) -> SwapRequest:
    swap = _with_relations(SwapRequest.objects.filter(public_id=public_id)).first()
    if swap is None or not may_view(viewer, swap.line):
        raise NotFound()
    return swap
