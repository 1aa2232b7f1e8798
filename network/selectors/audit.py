"""The staff audit log: entries in the viewer's reach, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from accounts.models import User
from core import clock
from network import access
from network.models import AuditEntry, OrgUnit


@dataclass(frozen=True)
class AuditFilters:
    actor_email: str = ""
    action_prefix: str = ""
    unit: OrgUnit | None = None
    date_from: date | None = None
    date_to: date | None = None


def audit_entries(viewer: User, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """Audit entries in the viewer's reach, newest first, ready for a list.

    Reach is decided on the unit path recorded with each entry, so an entry
    stays where it happened even if its unit later moves. Only superusers see
    entries tied to no unit. `filters.unit` must already be in the viewer's
    reach (the caller resolves it with units_visible_to).
    """
    filters = filters or AuditFilters()
    qs = AuditEntry.objects.filter(
        access.scope_q(viewer, access.Perm.VIEW_AUDIT, field="unit_path")
    ).select_related("actor", "unit", "partner_app")
    if filters.actor_email:
        # Staff only: matching a worker's e-mail would undo the pseudonyms of the page.
        qs = qs.filter(actor__email__icontains=filters.actor_email, actor__is_staff=True)
    if filters.action_prefix:
        qs = qs.filter(action__startswith=filters.action_prefix)
    if filters.unit is not None:
        qs = qs.filter(unit_path__startswith=filters.unit.path)
    tz = clock.network_tz()
    if filters.date_from is not None:
        qs = qs.filter(created_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(created_at__lt=end)
    return qs
