"""The calendar file (.ics, RFC 5545) of a booking, built with the `icalendar` package.

One event per booking, and one UID for it for good: a reschedule writes a new
booking row that carries the first row's UID (`Booking.calendar_uid`) with a
higher `SEQUENCE`, and a cancellation is published as `METHOD:CANCEL` with the
same UID and a higher `SEQUENCE` still, so a calendar that imported the file
moves or removes the session instead of keeping the old time. Every download
(the portal's, the manage link's) goes through `booking_calendar`.

Times are in UTC. The file names the kind of session and the station only: no
phone numbers, no reason, no names.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from appointments.models.bookings import Booking, BookingStatus

# A fixed domain, not the site's host: the UID must not change with a deployment's address
# (files already imported carry it).
UID_DOMAIN = "xinling"
PRODID = "-//xinling//appointments//ZH"


def event_uid(booking: Booking) -> str:
    """The event's UID: the public id of the first booking of a rescheduled chain."""
    return f"{booking.calendar_uid or booking.public_id}@{UID_DOMAIN}"


def current_booking(booking: Booking) -> Booking:
    """The latest row of the event `booking` belongs to (itself unless it was moved).

    A booking moved elsewhere is cancelled, but its event lives on in the new row:
    its file describes the session as it now is, never a cancellation of it.
    """
    uid = booking.calendar_uid or booking.public_id
    latest = (
        Booking.objects.select_related("slot__station")
        .filter(calendar_uid=uid, calendar_sequence__gt=booking.calendar_sequence)
        .order_by("-calendar_sequence")
        .first()
    )
    return latest or booking


def booking_calendar(booking: Booking, *, now: datetime | None = None) -> bytes:
    """The .ics bytes for `booking`'s event, in the active language."""
    booking = current_booking(booking)
    cancelled = booking.status == BookingStatus.CANCELLED
    station = booking.slot.station.name
    mode = booking.slot.get_mode_display()

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")

    event = Event()
    event.add("uid", event_uid(booking))
    # A cancellation is one revision after the booking it cancels.
    event.add("sequence", booking.calendar_sequence + (1 if cancelled else 0))
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", _("Counselling session (%(mode)s)") % {"mode": mode})
    event.add("location", station)
    if cancelled:
        description = _("This counselling session at %(station)s is cancelled.")
    else:
        description = _(
            "Your counselling session at %(station)s. To cancel or change it, use the "
            "link in your confirmation message."
        )
    event.add("description", description % {"station": station})
    calendar.add_component(event)
    return bytes(calendar.to_ical())
