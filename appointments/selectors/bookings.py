"""Reads of bookings: a worker's own, a partner app's, one by public id or by
manage token.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.notifications import links
from network import audit
from network.models import OrgUnit, PartnerApp


def _bookings() -> QuerySet[Booking]:
    # The worker too: pages say which channels the worker's messages go to.
    return Booking.objects.select_related("slot__station", "counsellor__practitioner", "worker")


def worker_bookings(*, viewer: User, within_unit: OrgUnit | None = None) -> QuerySet[Booking]:
    qs = _bookings().filter(worker=viewer)
    if within_unit is not None:
        qs = qs.filter(slot__station__path__startswith=within_unit.path)
    return qs


def partner_bookings(*, partner_app: PartnerApp) -> QuerySet[Booking]:
    """Bookings made through `partner_app` (a partner never sees the portal's or another's)."""
    qs = _bookings().filter(partner_app=partner_app)
    if partner_app.unit is not None:
        qs = qs.filter(slot__station__path__startswith=partner_app.unit.path)
    return qs


def partner_worker_bookings(*, partner_app: PartnerApp, worker: User) -> list[Booking]:
    """A worker's bookings made through `partner_app`, for the partner; the read is audited
    (`appointments.partner.bookings_read`, the count only)."""
    rows = list(partner_bookings(partner_app=partner_app).filter(worker=worker))
    audit.record(
        actor=None,
        action="appointments.partner.bookings_read",
        target=worker,
        unit=partner_app.unit,
        details={"count": len(rows)},
        partner_app=partner_app,
    )
    return rows


def my_bookings(*, viewer: User) -> tuple[list[Booking], list[Booking]]:
    """(upcoming open bookings soonest first, the rest most recent first)."""
    now = timezone.now()
    rows = list(worker_bookings(viewer=viewer))
    upcoming = [b for b in rows if b.status == BookingStatus.BOOKED and b.ends_at >= now]
    past = [b for b in rows if b not in upcoming]
    past.sort(key=lambda b: b.starts_at, reverse=True)
    return upcoming, past


def booking_of(
    *, viewer: User, public_id: Any, within_unit: OrgUnit | None = None
) -> Booking | None:
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return worker_bookings(viewer=viewer, within_unit=within_unit).filter(public_id=value).first()


def booking_for_manage_token(token: str) -> Booking | None:
    """The booking a manage link stands for, or None when tampered, foreign or expired."""
    public_id = links.manage_token_booking_id(token)
    if public_id is None:
        return None
    try:
        value = uuid.UUID(public_id)
    except ValueError:
        return None
    booking = _bookings().select_related("worker").filter(public_id=value).first()
    if booking is None or not links.manage_token_valid_for(token, booking):
        return None
    return booking
