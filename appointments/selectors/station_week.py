"""Reads behind the station lead's calendar: the stations in reach, a week of
sessions, rooms and utilisation, repeated no-shows.

Visibility is decided here (network.access). The station pages never carry a
worker's identity or the reason of a booking: calendar rows are plain records
built from times, modes and statuses, so a template cannot reach the worker.
Each function runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import ACTIVE_BOOKING_STATUSES, Booking, BookingStatus
from appointments.models.cases import FollowUp
from appointments.models.schedule import Mode, Room, Slot
from appointments.selectors import cases, pods
from appointments.selectors.counsellors import counsellor_name
from appointments.selectors.staff import OVERDUE_LIMIT
from core import clock
from core.phone import phone_mask
from network import access
from network.models import Level, OrgUnit
from network.pseudonyms import worker_reference

SCHEDULE_LEVELS = (Level.STATION, Level.ROOM)


def schedule_stations(*, viewer: User) -> QuerySet[OrgUnit]:
    """Stations and service rooms whose calendar the viewer may see."""
    return (
        access.units_visible_to(viewer, access.Perm.VIEW_STATION_SCHEDULE)
        .filter(is_active=True, level__in=SCHEDULE_LEVELS)
        .select_related("parent")
        .order_by("path")
    )


def schedule_station(*, viewer: User, unit_id: int) -> OrgUnit | None:
    """The station if the viewer may see its calendar, else None (answer 404)."""
    unit = OrgUnit.objects.filter(pk=unit_id, level__in=SCHEDULE_LEVELS).first()
    if unit is None or not access.can(viewer, access.Perm.VIEW_STATION_SCHEDULE, unit):
        return None
    return unit


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class CalendarEntry:
    """One booked session on the station calendar: no worker, no reason."""

    starts_at: datetime
    ends_at: datetime
    mode: str
    mode_label: str
    status: str
    status_label: str
    counsellor: str
    room: str


@dataclass
class Utilisation:
    label: str
    offered_minutes: int = 0
    booked_minutes: int = 0
    attended: int = 0
    no_show: int = 0

    @property
    def percent(self) -> int | None:
        if not self.offered_minutes:
            return None
        return round(100 * self.booked_minutes / self.offered_minutes)


@dataclass(frozen=True)
class RepeatedNoShow:
    masked: str
    count: int


@dataclass
class CalendarDay:
    day: date
    by_counsellor: list[tuple[str, list[CalendarEntry]]] = field(default_factory=list)
    by_room: list[tuple[str, list[CalendarEntry]]] = field(default_factory=list)


@dataclass
class StationWeek:
    unit: OrgUnit
    start: date
    previous: date
    next: date
    days: list[CalendarDay]
    counsellors: list[Utilisation]
    rooms: list[Utilisation]
    total: Utilisation
    repeated_no_shows: list[RepeatedNoShow]
    overdue: list[FollowUp]
    overdue_count: int
    pod_usage: dict[str, int]
    no_show_flag: int
    no_show_days: int

    @property
    def has_room_sessions(self) -> bool:
        return any(day.by_room for day in self.days)


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def mask_worker(worker_id: int, phone: str | None) -> str:
    """A masked handle for a worker: the phone's last four digits, or a short digest."""
    handle = phone_mask(phone, last_four=True)
    if handle:
        return handle
    return "#" + worker_reference(worker_id)


def repeated_no_shows(
    *, station_ids: list[int], now: datetime | None = None
) -> list[RepeatedNoShow]:
    """Workers with at least APPOINTMENT_NO_SHOW_FLAG missed sessions at these stations
    within APPOINTMENT_NO_SHOW_WINDOW_DAYS: a masked handle and the count only."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.APPOINTMENT_NO_SHOW_WINDOW_DAYS)
    rows = (
        Booking.objects.filter(
            slot__station_id__in=station_ids,
            status=BookingStatus.NO_SHOW,
            starts_at__gte=since,
            starts_at__lt=now,
        )
        .values("worker_id", "worker__phone")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.APPOINTMENT_NO_SHOW_FLAG)
        .order_by("-n", "worker_id")
    )
    return [
        RepeatedNoShow(masked=mask_worker(r["worker_id"], r["worker__phone"]), count=r["n"])
        for r in rows
    ]


def _group(entries: list[CalendarEntry], key: str) -> list[tuple[str, list[CalendarEntry]]]:
    grouped: dict[str, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        grouped[getattr(entry, key)].append(entry)
    return sorted(grouped.items())


@dataclass
class _Tally:
    """The week's calendar entries and utilisation figures, filled slot by slot."""

    per_room: dict[str, Utilisation]
    per_counsellor: dict[str, Utilisation] = field(default_factory=dict)
    total: Utilisation = field(default_factory=lambda: Utilisation(label=""))
    entries: list[CalendarEntry] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)

    def add(self, slot: Slot, status: str | None) -> None:
        if slot.counsellor_id not in self.names:
            self.names[slot.counsellor_id] = counsellor_name(slot.counsellor)
        name = self.names[slot.counsellor_id]
        minutes = _minutes(slot.starts_at, slot.ends_at)
        room_name = slot.room.name if slot.room is not None and slot.mode == Mode.IN_PERSON else ""
        targets = [self.per_counsellor.setdefault(name, Utilisation(label=name)), self.total]
        if room_name:
            targets.append(self.per_room.setdefault(room_name, Utilisation(label=room_name)))
        for figure in targets:
            figure.offered_minutes += minutes
            if status is not None:
                figure.booked_minutes += minutes
                figure.attended += status == BookingStatus.ATTENDED
                figure.no_show += status == BookingStatus.NO_SHOW
        if status is not None:
            self.entries.append(
                CalendarEntry(
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    mode=slot.mode,
                    mode_label=str(dict(Mode.choices).get(slot.mode, slot.mode)),
                    status=status,
                    status_label=str(dict(BookingStatus.choices).get(status, status)),
                    counsellor=name,
                    room=room_name,
                )
            )


def _days(start: date, entries: list[CalendarEntry]) -> list[CalendarDay]:
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        todays = [e for e in entries if clock.local_date(e.starts_at) == day]
        days.append(
            CalendarDay(
                day=day,
                by_counsellor=_group(todays, "counsellor"),
                by_room=_group([e for e in todays if e.room], "room"),
            )
        )
    return days


def station_week(*, viewer: User, unit: OrgUnit, start: date) -> StationWeek:
    """A week (Monday `start` on) at a station: sessions per day by counsellor and by
    room, utilisation per counsellor and room, repeated no-shows, overdue follow-ups
    and pod use. The caller has checked that `viewer` may see the station."""
    start = week_start(start)
    begin, end = clock.at(start), clock.at(start + timedelta(days=7))
    rooms = list(Room.objects.filter(station=unit).order_by("name"))
    tally = _Tally(per_room={r.name: Utilisation(label=r.name) for r in rooms})
    active = Booking.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_BOOKING_STATUSES)
    slots = (
        Slot.objects.filter(station=unit, starts_at__gte=begin, starts_at__lt=end)
        .annotate(booking_status=Subquery(active.values("status")[:1]))
        .select_related("counsellor__practitioner", "room")
        .order_by("starts_at")
    )
    for slot in slots:
        if slot.withdrawn and slot.booking_status is None:
            continue  # withdrawn and free: no longer offered
        tally.add(slot, slot.booking_status)
    overdue_qs = cases.overdue_followups(viewer=viewer).filter(case__station=unit)
    overdue = list(overdue_qs.select_related("assigned_to__practitioner")[:OVERDUE_LIMIT])
    overdue_count = len(overdue) if len(overdue) < OVERDUE_LIMIT else overdue_qs.count()
    usage = pods.pod_usage(station_ids=[unit.pk], start=begin, end=end).get(unit.pk) or {}
    return StationWeek(
        unit=unit,
        start=start,
        previous=start - timedelta(days=7),
        next=start + timedelta(days=7),
        days=_days(start, tally.entries),
        counsellors=sorted(tally.per_counsellor.values(), key=lambda u: u.label),
        rooms=list(tally.per_room.values()),
        total=tally.total,
        repeated_no_shows=repeated_no_shows(station_ids=[unit.pk]),
        overdue=overdue,
        overdue_count=overdue_count,
        pod_usage={k: int(usage.get(k, 0)) for k in ("booked", "used", "walk_in", "no_show")},
        no_show_flag=settings.APPOINTMENT_NO_SHOW_FLAG,
        no_show_days=settings.APPOINTMENT_NO_SHOW_WINDOW_DAYS,
    )
