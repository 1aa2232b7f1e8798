"""The contact-request queue, for the line's operators."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Case, IntegerField, QuerySet, Value, When

from core.errors import NotFound
from hotline.models import FLAGGED_RISKS, ContactRequest, ContactStatus, Line
from hotline.selectors.lines import may_view
from network.access import Viewer


def contact_queue(*, viewer: Viewer, line: Line) -> QuerySet[ContactRequest]:
    """Requests not closed: risk first, then the oldest; with who holds them."""
    if not may_view(viewer, line):
        return ContactRequest.objects.none()
    urgent = Case(
        When(risk__in=FLAGGED_RISKS, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        ContactRequest.objects.filter(line=line)
        .exclude(status=ContactStatus.CLOSED)
        .select_related("assigned_to", "caller")
        .annotate(urgency=urgent)
        .order_by("urgency", "created_at")
    )


def contacts_closed_recently(
    *, viewer: Viewer, line: Line, limit: int = 20
) -> list[ContactRequest]:
    if not may_view(viewer, line):
        return []
    return list(
        ContactRequest.objects.filter(line=line, status=ContactStatus.CLOSED)
        .select_related("assigned_to", "closed_by")
        .order_by("-closed_at")[:limit]
    )


def contact_get(*, viewer: Viewer, public_id: UUID | str) -> ContactRequest:
    request = (
        ContactRequest.objects.select_related("line__unit", "line__lead", "assigned_to", "caller")
        .filter(public_id=public_id)
        .first()
    )
    if request is None or not may_view(viewer, request.line):
        raise NotFound()
    return request
