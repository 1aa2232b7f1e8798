"""The appointments app's KPI facts (core.facts).

- `counselling_sessions`: one per attended one-to-one booking, at the slot's station, on
  the session's day (in person, by phone or online alike);
- `pod_sessions`: one per used pod booking (walk-ins included), at the pod's station.
"""

from __future__ import annotations

from collections.abc import Iterator

from appointments.models.bookings import Booking, BookingStatus
from appointments.models.pods import PodBooking, PodBookingStatus
from appointments.models.schedule import Slot
from core import clock
from core import facts as core_facts
from core.facts import Fact, Source


def booking_facts(booking: Booking, slot: Slot) -> list[Fact]:
    if booking.status != BookingStatus.ATTENDED:
        return []
    day = clock.local_date(booking.starts_at)
    return [Fact("counselling_sessions", slot.station_id, day, 1, Source.of(booking))]


def pod_booking_facts(booking: PodBooking, station_id: int) -> list[Fact]:
    if booking.status != PodBookingStatus.USED:
        return []
    day = clock.local_date(booking.starts_at)
    return [Fact("pod_sessions", station_id, day, 1, Source.of(booking))]


def pod_booking_refresh(booking: PodBooking) -> None:
    core_facts.replace(Source.of(booking), pod_booking_facts(booking, booking.pod.station_id))


def all_facts() -> Iterator[Fact]:
    """Every fact of the raw records (manage.py kpis_rebuild)."""
    attended = Booking.objects.filter(status=BookingStatus.ATTENDED).select_related("slot")
    for booking in attended.order_by("pk").iterator(chunk_size=5000):
        yield from booking_facts(booking, booking.slot)
    used = PodBooking.objects.filter(status=PodBookingStatus.USED).select_related("pod")
    for pod_booking in used.order_by("pk").iterator(chunk_size=5000):
        yield from pod_booking_facts(pod_booking, pod_booking.pod.station_id)
