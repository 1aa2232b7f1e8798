"""Reads of appointments: free slots with filters, the soonest slot near a point,
a worker's bookings, the public counsellor directory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from appointments import notifications, services
from appointments.models import AvailabilityRule, Booking, BookingStatus, Pod, Slot
from core import clock
from network import audit
from network import selectors as network_selectors
from network.models import Level, Membership, OrgUnit, PartnerApp, Role, StationProfile

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
    qs = services.free_slots().select_related("counsellor__practitioner", "station", "room")
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


def free_slots_for(*, counsellor: Any, limit: int = 40) -> list[Any]:
    """The counsellor's next free slots (anywhere they keep hours)."""
    return list(services.free_slots().filter(counsellor=counsellor)[:limit])


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


def _bookings() -> QuerySet[Booking]:
    # The worker too: pages say which channels the worker's messages go to.
    return Booking.objects.select_related("slot__station", "counsellor__practitioner", "worker")


def worker_bookings(*, viewer: Any, within_unit: OrgUnit | None = None) -> QuerySet[Booking]:
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


def partner_worker_bookings(*, partner_app: PartnerApp, worker: Any) -> list[Booking]:
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


def my_bookings(*, viewer: Any) -> tuple[list[Booking], list[Booking]]:
    """(upcoming open bookings soonest first, the rest most recent first)."""
    now = timezone.now()
    rows = list(worker_bookings(viewer=viewer))
    upcoming = [b for b in rows if b.status == BookingStatus.BOOKED and b.ends_at >= now]
    past = [b for b in rows if b not in upcoming]
    past.sort(key=lambda b: b.starts_at, reverse=True)
    return upcoming, past


def booking_of(
    *, viewer: Any, public_id: Any, within_unit: OrgUnit | None = None
) -> Booking | None:
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return worker_bookings(viewer=viewer, within_unit=within_unit).filter(public_id=value).first()


def booking_for_manage_token(token: str) -> Booking | None:
    """The booking a manage link stands for, or None when tampered, foreign or expired."""
    public_id = notifications.manage_token_booking_id(token)
    if public_id is None:
        return None
    try:
        value = uuid.UUID(public_id)
    except ValueError:
        return None
    booking = _bookings().select_related("worker").filter(public_id=value).first()
    if booking is None or not notifications.manage_token_valid_for(token, booking):
        return None
    return booking


def public_counsellors() -> QuerySet[Any]:
    """Users with a counsellor membership and a public practitioner profile."""
    from accounts.models import User

    counsellor = Membership.objects.filter(user=OuterRef("pk"), role=Role.COUNSELLOR)
    return (
        User.objects.filter(Exists(counsellor), practitioner__is_public=True, is_active=True)
        .select_related("practitioner")
        .order_by("practitioner__display_name", "pk")
    )


def counsellor_name(user: Any) -> str:
    """The public display name; never the e-mail address."""
    profile = getattr(user, "practitioner", None)
    if profile is not None:
        return str(profile.display_name)
    return user.get_full_name() or gettext("counsellor")
