"""Crisis incidents a viewer may see: those of the lines they operate or supervise."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.errors import NotFound
from hotline.models import CrisisIncident, Line
from network import access
from network.access import Viewer


def _visible(viewer: Viewer) -> QuerySet[CrisisIncident]:
    scope = access.scope_q(viewer, access.Perm.HOTLINE_OPERATE, field="line__unit__path")
    return CrisisIncident.objects.filter(scope).select_related("line__unit", "acknowledged_by")


def crises_alerting(*, viewer: Viewer) -> list[CrisisIncident]:
    """Open, unacknowledged incidents of the viewer's lines (the alert on every page)."""
    found = _visible(viewer).filter(resolved_at__isnull=True, acknowledged_at__isnull=True)
    return list(found.order_by("opened_at")[:20])


def crises_recent(*, viewer: Viewer, line: Line, days: int = 30) -> list[CrisisIncident]:
    """The line's crises of the last `days` (and any still open), newest first: the
    supervisor's board with acknowledgement and resolution times."""
    since = timezone.now() - timedelta(days=days)
    found = (
        _visible(viewer)
        .filter(line=line)
        .filter(Q(opened_at__gte=since) | Q(resolved_at__isnull=True))
    )
    return list(found.select_related("resolved_by").order_by("-opened_at")[:50])


def crises_open_on_line(*, viewer: Viewer, line: Line) -> list[CrisisIncident]:
    """The line's unresolved incidents, unacknowledged first, then oldest first (the
    operator's screen: a crisis stays in view until it is resolved, not only until it
    is acknowledged)."""
    found = _visible(viewer).filter(line=line, resolved_at__isnull=True)
    rows = list(found.order_by("opened_at")[:20])
    return sorted(rows, key=lambda i: i.acknowledged_at is not None)


def crisis_get(*, viewer: Viewer, public_id: UUID | str) -> CrisisIncident:
    """The incident for its page; NotFound when missing or outside the viewer's lines."""
    found = _visible(viewer).filter(public_id=public_id).first()
    if found is None:
        raise NotFound()
    return found
