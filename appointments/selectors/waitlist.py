"""Reads of the waitlist: a worker's entries and whether an offer still runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus

OPEN_STATUSES = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


def _entries() -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.select_related(
        "station", "counsellor__practitioner", "offered_slot__counsellor__practitioner"
    )


def worker_entries(*, viewer: User) -> QuerySet[WaitlistEntry]:
    """The worker's open entries (waiting or offered), offers first, then by day."""
    if viewer is None or not viewer.is_authenticated:
        return WaitlistEntry.objects.none()
    return (
        _entries()
        .filter(worker=viewer, status__in=OPEN_STATUSES)
        .order_by("status", "day", "created_at")  # "offered" sorts before "waiting"
    )


def entry_of(*, viewer: User, public_id: Any) -> WaitlistEntry | None:
    """The viewer's own entry by public id (any status), or None."""
    if viewer is None or not viewer.is_authenticated:
        return None
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return _entries().filter(worker=viewer, public_id=value).first()


def offer_is_running(entry: WaitlistEntry, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        entry.status == WaitlistStatus.OFFERED
        and entry.offer_expires_at is not None
        and entry.offer_expires_at > now
    )
