"""Crisis incidents a viewer may see: those of the lines they operate or supervise."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from core.errors import NotFound
from hotline.models import CrisisIncident
from network import access
from network.access import Viewer


def _visible(viewer: Viewer) -> QuerySet[CrisisIncident]:
    scope = access.scope_q(viewer, access.Perm.HOTLINE_OPERATE, field="line__unit__path")
    return CrisisIncident.objects.filter(scope).select_related("line__unit", "acknowledged_by")


def crises_alerting(*, viewer: Viewer) -> list[CrisisIncident]:
    """Open, unacknowledged incidents of the viewer's lines (the alert on every page)."""
    found = _visible(viewer).filter(resolved_at__isnull=True, acknowledged_at__isnull=True)
    return list(found.order_by("opened_at")[:20])


def crisis_get(*, viewer: Viewer, public_id: UUID | str) -> CrisisIncident:
    """The incident for its page; NotFound when missing or outside the viewer's lines."""
    found = _visible(viewer).filter(public_id=public_id).first()
    if found is None:
        raise NotFound()
    return found
