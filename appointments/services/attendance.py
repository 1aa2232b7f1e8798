"""Attendance and what a counsellor does with one booking: check-in, no-show, the
meeting link of an online session, the number to call for a phone session.

Each function is one use case: keyword-only, actor first, one transaction, an
audit entry. Only the booking's own counsellor acts on a booking; anyone else is
told "not found", as everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import AttendanceRefused, BookingNotOpen, ErrorCode
from appointments.facts import booking_facts
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.schedule import (
    Mode,
)
from appointments.notifications import bookings
from appointments.services import case_steps
from core import facts
from core.errors import NotFound
from network import audit

# A worker who arrives early may be checked in this long before the start.
CHECK_IN_EARLY = timedelta(hours=1)


def _own_booking_locked(*, actor: User, booking: Booking) -> Booking:
    """The booking, locked, if `actor` is its counsellor; NotFound for anyone else."""
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__station")
        .filter(pk=booking.pk)
        .first()
    )
    if locked is None or getattr(actor, "pk", None) != locked.counsellor_id:
        raise NotFound()
    return locked


def _after_mark(*, actor: User, booking: Booking) -> None:
    if booking.case_id:
        case_steps.case_ensure_next_step(case_id=booking.case_id, actor=actor)


def check_in_opens_at(booking: Booking) -> datetime:
    """When a booking can first be checked in: an hour before it starts."""
    return booking.starts_at - CHECK_IN_EARLY


def check_in_is_open(booking: Booking, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= check_in_opens_at(booking)


@transaction.atomic
def booking_check_in(*, actor: User, booking: Booking, now: datetime | None = None) -> Booking:
    """The worker came (or joined by phone or online): mark the booking attended.

    From an hour before the start; a booking marked "did not come" can still be
    corrected when the worker turns up late.
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    now = now or timezone.now()
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.NO_SHOW):
        raise BookingNotOpen()
    if not check_in_is_open(booking, now=now):
        raise AttendanceRefused(
            _("Check-in opens an hour before the session starts."),
            code=ErrorCode.CHECK_IN_TOO_EARLY,
        )
    previous = booking.status
    booking.status = BookingStatus.ATTENDED
    booking.checked_in_at = now
    booking.marked_by = actor
    booking.save(update_fields=["status", "checked_in_at", "marked_by"])
    audit.record(
        actor=actor,
        action="appointments.booking.attended",
        target=booking,
        unit=booking.slot.station,
        details={"previous": str(previous)},
    )
    facts.record(booking_facts(booking, booking.slot))
    _after_mark(actor=actor, booking=booking)
    return booking


@transaction.atomic
def booking_mark_no_show(*, actor: User, booking: Booking, now: datetime | None = None) -> Booking:
    """The worker did not come: only once the session has started."""
    booking = _own_booking_locked(actor=actor, booking=booking)
    now = now or timezone.now()
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotOpen()
    if now < booking.starts_at:
        raise AttendanceRefused(
            _("A booking can be marked as missed only after its start time."),
            code=ErrorCode.NO_SHOW_TOO_EARLY,
        )
    booking.status = BookingStatus.NO_SHOW
    booking.checked_in_at = None
    booking.marked_by = actor
    booking.save(update_fields=["status", "checked_in_at", "marked_by"])
    audit.record(
        actor=actor,
        action="appointments.booking.no_show",
        target=booking,
        unit=booking.slot.station,
    )
    _after_mark(actor=actor, booking=booking)
    return booking


_https_only = URLValidator(schemes=["https"])


@transaction.atomic
def booking_meeting_link_set(
    *, actor: User, booking: Booking, link: str, link_base: str = ""
) -> Booking:
    """Give an online session its meeting link (the platform hosts no video).

    The worker is told by SMS and e-mail once the change is committed. An empty
    link removes it (no message is sent then).
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    if booking.slot.mode != Mode.ONLINE:
        raise AttendanceRefused(
            _("Only online sessions have a meeting link."), code=ErrorCode.NOT_ONLINE
        )
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotOpen()
    link = link.strip()
    if link:
        try:
            _https_only(link)
        except ValidationError:
            message = _("Enter a full https:// address of the meeting.")
            raise AttendanceRefused(
                message, code=ErrorCode.BAD_MEETING_LINK, fields={"link": [str(message)]}
            ) from None
    if link == booking.meeting_link:
        return booking
    booking.meeting_link = link
    booking.save(update_fields=["meeting_link"])
    audit.record(
        actor=actor,
        action="appointments.booking.meeting_link_set",
        target=booking,
        unit=booking.slot.station,
        # The host only: a full link may carry the meeting's passcode.
        details={"host": urlsplit(link).hostname or ""},
    )
    if link:
        bookings.booking_notify_later(
            booking_id=booking.pk, purpose="meeting_link", link_base=link_base
        )
    return booking


@transaction.atomic
def booking_phone_number(*, actor: User, booking: Booking) -> str:
    """The worker's number, for the counsellor of a phone session to call.

    Only the booking's counsellor, only for a phone session that is not
    cancelled; every read is audit-logged (without the number). Returns "" when
    the worker has no number on file.
    """
    booking = _own_booking_locked(actor=actor, booking=booking)
    if booking.slot.mode != Mode.PHONE:
        raise AttendanceRefused(_("This is not a phone session."), code=ErrorCode.NOT_PHONE)
    if booking.status == BookingStatus.CANCELLED:
        raise BookingNotOpen()
    audit.record(
        actor=actor,
        action="appointments.booking.phone_viewed",
        target=booking,
        unit=booking.slot.station,
    )
    phone = booking.worker.phone if booking.worker_id else ""
    return str(phone or "")
