"""Bookings made for a caller by another service (the 12351 hotline), with consent.

The hotline calls these with plain data (DESIGN.md: appointments never imports the
hotline). The caller's consent is required before anything is written; the hand-over
text the caller agreed to is kept on the booking, shown to its counsellor only, and
never read back by the service that referred them: that one sees only whether the
session is booked, attended, missed or cancelled (`referred_bookings_status`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from appointments.errors import BookingRefused, ErrorCode, SlotTaken
from appointments.models.bookings import Booking, ReferredBy
from appointments.models.schedule import Mode, Slot
from appointments.selectors.slots import free_slots
from appointments.services import bookings
from core.phone import phone_normalise_or_none
from network import audit


@dataclass(frozen=True)
class ReferralSlot:
    """A free counselling time, as the referring service shows it."""

    public_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    station: str
    counsellor: str
    mode: str
    mode_label: str


@dataclass(frozen=True)
class ReferredBooking:
    """What the referring service keeps of a booking it made: its id and time."""

    public_id: uuid.UUID
    starts_at: datetime


def referral_free_slots(*, actor: User, limit: int = 60) -> list[ReferralSlot]:
    """The next free in-person and online times of every counsellor (a phone session
    needs the worker's verified number, which a referral does not have)."""
    if not actor.is_staff:
        return []
    slots = (
        free_slots()
        .exclude(mode=Mode.PHONE)
        .select_related("station", "counsellor")
        .order_by("starts_at", "pk")[:limit]
    )
    return [
        ReferralSlot(
            public_id=s.public_id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            station=s.station.name,
            counsellor=s.counsellor.display_name,
            mode=s.mode,
            mode_label=str(s.get_mode_display()),
        )
        for s in slots
    ]


def _refuse(field: str, message: str, code: ErrorCode) -> BookingRefused:
    return BookingRefused(message, code=code, fields={field: [message]})


def _worker_for(phone: str) -> User:
    """The worker's account for the number the caller gave; a new one (number not yet
    verified, no password: they sign in by SMS code) when they have none."""
    worker = User.objects.filter(phone=phone).first()
    if worker is None:
        worker = User(username=f"tel-{uuid.uuid4().hex}", phone=phone, phone_verified=False)
        worker.set_unusable_password()
        worker.save()
    return worker


@sensitive_variables("phone", "handover", "number")
def booking_create_referred(
    *,
    actor: User,
    slot_id: uuid.UUID,
    phone: str,
    handover: str,
    consented: bool,
    referred_by: str = ReferredBy.HOTLINE,
    link_base: str = "",
) -> ReferredBooking:
    """Book a counselling session for a caller who agreed to it, on their number.

    Refused, with nothing written, without the caller's consent, with a number that is
    not a mobile number, or for a phone session. The referring service checks that
    `actor` may act for the caller; here `actor` must be staff. The worker's limit of
    open bookings holds; the caller gets the usual confirmation by SMS with the manage
    link. The hand-over is a narrative: never in an audit entry.
    """
    if not consented:
        raise _refuse(
            "consent",
            gettext("The caller must agree to the booking and the hand-over first."),
            ErrorCode.CONSENT_REQUIRED,
        )
    if not actor.is_staff or referred_by not in ReferredBy.values:
        raise BookingRefused(gettext("You cannot book for a caller."))
    number = phone_normalise_or_none(phone, mobile_only=True)
    if number is None:
        raise _refuse(
            "phone", gettext("Enter the caller's mobile number."), ErrorCode.PHONE_INVALID
        )
    slot = free_slots().filter(public_id=slot_id).exclude(mode=Mode.PHONE).first()
    if slot is None:
        found = Slot.objects.filter(public_id=slot_id).first()
        raise SlotTaken(alternatives=bookings.alternatives(found) if found else [])
    with transaction.atomic():
        worker = _worker_for(number)
        booking = bookings.booking_create_for(
            actor=actor, worker=worker, slot=slot, link_base=link_base
        )
        booking.referred_by, booking.handover = referred_by, handover.strip()
        booking.save(update_fields=["referred_by", "handover"])
        audit.record(
            actor=actor,
            action="appointments.booking.referred",
            target=booking,
            unit=slot.station,
            details={"referred_by": referred_by, "handover": bool(booking.handover)},
        )
    return ReferredBooking(public_id=booking.public_id, starts_at=booking.starts_at)


def referred_bookings_status(*, public_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The status (booked, attended, no_show, cancelled) of referred bookings by id:
    all the referring service may know of a session, never its notes."""
    rows = Booking.objects.filter(public_id__in=public_ids).exclude(referred_by="")
    return dict(rows.values_list("public_id", "status"))


def booking_handover_read(*, actor: User, booking: Booking) -> str:
    """The hand-over of a referred booking, for its counsellor; the read is audited."""
    if not booking.handover or booking.counsellor_id != actor.pk:
        return ""
    audit.record(
        actor=actor,
        action="appointments.booking.handover_read",
        target=booking,
        unit=booking.slot.station,
        details={},
    )
    return booking.handover
