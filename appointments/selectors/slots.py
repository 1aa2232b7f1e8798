"""Reads of slots: free slots with filters, the soonest slot near a point, the
stations that take bookings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import ACTIVE_BOOKING_STATUSES, Booking
from appointments.models.pods import Pod
from appointments.models.schedule import AvailabilityRule, Slot
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus
from core import clock
from network import selectors as network_selectors
from network.models import Level, Membership, OrgUnit, Role, StationProfile

NEAREST_STATIONS = 5


NEAR_CANDIDATES_FACTOR = 2  # soonest_near loads 2 × `stations` stations with a free slot


def slot_search(
    *,
    station: OrgUnit | None = None,
    counsellor_id: int | None = None,
    mode: str | None = None,
    day: date | None = None,
    date_from: date | None = None,
    within_unit: OrgUnit | None = None,
) -> QuerySet[Slot]:
    """Free slots (services.free_slots) narrowed by the filters, soonest first."""
    qs = free_slots().select_related("counsellor__practitioner", "station", "room")
    if within_unit is not None:
        qs = qs.filter(station__path__startswith=within_unit.path)
    if station is not None:
        qs = qs.filter(station=station)
    if counsellor_id is not None:
        qs = qs.filter(counsellor_id=counsellor_id)
    if mode:
        qs = qs.filter(mode=mode)
    if day is not None:
        start, end = clock.day_bounds(day)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    if date_from is not None:
        qs = qs.filter(starts_at__gte=clock.day_bounds(date_from)[0])
    return qs


def free_slots_for(*, counsellor: User, limit: int = 40) -> list[Any]:
    """The counsellor's next free slots (anywhere they keep hours)."""
    return list(free_slots().filter(counsellor=counsellor)[:limit])


def _office_hours_kept(today: date) -> QuerySet[AvailabilityRule]:
    return AvailabilityRule.objects.filter(is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def booking_stations() -> QuerySet[OrgUnit]:
    """The places a worker can book something at, for the booking filters.

    A station takes bookings when a counsellor works there (a counsellor membership
    or office hours kept there) or when it has an open pod or relaxation room: the
    same places the slot list and the pod list can show. A unit with neither would
    only ever lead to an empty list, so it is not offered.
    """
    today = clock.today()
    counsellor = Membership.objects.filter(unit=OuterRef("pk"), role=Role.COUNSELLOR)
    hours = _office_hours_kept(today).filter(station=OuterRef("pk"))
    pod = Pod.objects.filter(station=OuterRef("pk"), is_active=True)
    return (
        OrgUnit.objects.filter(
            is_active=True, level__in=(Level.STATION, Level.DISTRICT, Level.ROOM)
        )
        .filter(Exists(counsellor) | Exists(hours) | Exists(pod))
        .order_by("path")
    )


def station_keeps_office_hours(station: OrgUnit, *, today: date | None = None) -> bool:
    """Whether any counsellor keeps office hours at the station (now or from a later date)."""
    today = today or clock.today()
    return _office_hours_kept(today).filter(station=station).exists()


def station_has_pods(station: OrgUnit) -> bool:
    return Pod.objects.filter(station=station, is_active=True).exists()


@dataclass(frozen=True)
class NoFreeTime:
    """What the booking page says when a chosen station has no free time on or after
    today: join its waitlist (`keeps_hours`), or plainly that no counsellor keeps hours
    there (then a waitlist would never move), pointing at its pods if it has any."""

    station: OrgUnit
    day: date | None
    keeps_hours: bool
    has_pods: bool


def no_free_time(*, station: OrgUnit | None, day: date | None, found: bool) -> NoFreeTime | None:
    """None when slots were found, no station was chosen, or the day is past."""
    today = clock.today()
    if found or station is None or (day is not None and day < today):
        return None
    keeps_hours = station_keeps_office_hours(station, today=today)
    return NoFreeTime(
        station=station,
        day=day,
        keeps_hours=keeps_hours,
        has_pods=False if keeps_hours else station_has_pods(station),
    )


@dataclass(frozen=True)
class NearSlot:
    station: StationProfile
    slot: Slot


def soonest_near(
    *,
    point: tuple[float, float],
    mode: str | None = None,
    within_unit: OrgUnit | None = None,
    stations: int = NEAREST_STATIONS,
) -> list[NearSlot]:
    """Among the `stations` nearest stations that have a free slot, each one's soonest,
    soonest first (ties: nearest first)."""
    free = slot_search(mode=mode, within_unit=within_unit)
    # Only the nearest stations that have a free slot (a semi-join per station on the
    # index appointments_slot_station_time) are loaded with their opening hours; a few
    # more than asked for, in case one is booked up in the meantime.
    nearest = network_selectors.search_stations(
        network_selectors.StationFilters(near=point),
        within_unit=within_unit,
        where=Exists(free.filter(station_id=OuterRef("unit_id"))),
        limit=stations * NEAR_CANDIDATES_FACTOR,
    )
    by_unit = {s.unit_id: s for s in nearest}
    # One grouped query: the soonest free time of each of these stations.
    grouped = free.filter(station_id__in=list(by_unit)).order_by().values("station_id")
    soonest = dict(grouped.annotate(first=Min("starts_at")).values_list("station_id", "first"))
    ranked = [s.unit_id for s in nearest if s.unit_id in soonest][:stations]
    if not ranked:
        return []
    at_soonest = Q()
    for unit_id in ranked:
        at_soonest |= Q(station_id=unit_id, starts_at=soonest[unit_id])
    first: dict[int, Slot] = {}
    for slot in free.filter(at_soonest).order_by("starts_at", "pk"):
        first.setdefault(slot.station_id, slot)
    # A slot booked between the two queries drops its station from this answer.
    found = [NearSlot(station=by_unit[u], slot=first[u]) for u in ranked if u in first]
    return sorted(found, key=lambda n: (n.slot.starts_at, n.station.distance_m))  # type: ignore[attr-defined]


def any_slot(public_id: Any, *, within_unit: OrgUnit | None = None) -> Slot | None:
    """A slot by public id even when taken (to answer 409 rather than 404)."""
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    qs = Slot.objects.select_related("station", "counsellor__practitioner", "room")
    if within_unit is not None:
        qs = qs.filter(station__path__startswith=within_unit.path)
    return qs.filter(public_id=value).first()


def active_booking_exists() -> Exists:
    return Exists(Booking.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_BOOKING_STATUSES))


def free_slots(*, after: datetime | None = None) -> Any:
    """Slots that can be booked now: future beyond the minimum notice, not withdrawn, free,
    and not held for a waitlisted worker by a running offer (see appointments.waitlist)."""
    after = after or timezone.now()
    notice = timedelta(hours=settings.APPOINTMENT_MIN_NOTICE_HOURS)
    # A running offer holds its slot (index appointments_waitlist_offer).
    held = Exists(
        WaitlistEntry.objects.filter(
            offered_slot=OuterRef("pk"),
            status=WaitlistStatus.OFFERED,
            offer_expires_at__gt=timezone.now(),
        )
    )
    return (
        # Filtering on ~Exists (not annotate-then-filter): PostgreSQL then evaluates
        # each subquery once per row instead of again for the selected columns.
        Slot.objects.filter(
            ~active_booking_exists(), ~held, starts_at__gte=after + notice, withdrawn=False
        )
        .select_related("station", "counsellor__practitioner", "room")
        .order_by("starts_at")
    )
