"""Writing audit entries: one line inside a service.

    audit.record(actor=actor, action="network.membership.granted", target=membership,
                 unit=membership.unit, details={"role": membership.role})

`details` holds identifiers and codes, never sensitive content (answers,
notes, narratives, phone numbers).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from network.access import Viewer
from network.models import AuditEntry, OrgUnit, PartnerApp


def record(
    *,
    actor: Viewer,
    action: str,
    target: models.Model | None = None,
    unit: OrgUnit | None = None,
    details: dict[str, Any] | None = None,
    partner_app: PartnerApp | None = None,
) -> AuditEntry:
    """One entry. An anonymous or absent actor (a worker without an account, a partner
    app's request, a background job) is recorded as no actor."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        partner_app=partner_app,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        details=details or {},
    )
