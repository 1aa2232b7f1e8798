"""Reads of pods: their bookable and free times, a worker's pod bookings, the
staff's day and the month's usage.

A pod opens on its weekdays from `opens_at` to `closes_at` (network time zone);
its bookable times are the POD_SESSION_MINUTES steps from `opens_at` that end
by `closes_at`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from appointments.models.pods import Pod, PodBooking, PodBookingStatus
from core import clock
from network import access
from network.access import Perm
from network.models import OrgUnit

ACTIVE_POD_STATUSES = (PodBookingStatus.BOOKED, PodBookingStatus.USED, PodBookingStatus.NO_SHOW)


# How many days ahead a worker may book a pod.
POD_DAYS_AHEAD = 7


def pod_step() -> timedelta:
    return timedelta(minutes=settings.POD_SESSION_MINUTES)


def window_times(pod: Pod, day: date) -> list[datetime]:
    """Every start in the pod's daily window on `day`, whatever the weekday."""
    tz = clock.network_tz()
    step = pod_step()
    current = datetime.combine(day, pod.opens_at, tzinfo=tz)
    closes = datetime.combine(day, pod.closes_at, tzinfo=tz)
    times: list[datetime] = []
    while current + step <= closes:
        times.append(current)
        current += step
    return times


def is_open_on(pod: Pod, day: date) -> bool:
    return day.weekday() in (pod.weekdays or [])


def pod_times(pod: Pod, day: date, *, now: datetime | None = None) -> list[datetime]:
    """Bookable starts on `day`: on the pod's weekdays, in its window, in the future."""
    if not is_open_on(pod, day):
        return []
    now = now or timezone.now()
    return [t for t in window_times(pod, day) if t > now]


def pod_days(pod: Pod, *, today: date | None = None) -> list[date]:
    """The days of the next POD_DAYS_AHEAD (from today) on which the pod opens."""
    today = today or clock.today()
    days = (today + timedelta(days=n) for n in range(POD_DAYS_AHEAD))
    return [d for d in days if is_open_on(pod, d)]


def pod_free_times(*, pod: Pod, day: date) -> list[datetime]:
    """Bookable starts on `day` not yet taken (one query)."""
    times = pod_times(pod, day)
    if not times:
        return []
    start, end = clock.day_bounds(day)
    taken = set(
        PodBooking.objects.filter(
            pod=pod, status__in=ACTIVE_POD_STATUSES, starts_at__gte=start, starts_at__lt=end
        ).values_list("starts_at", flat=True)
    )
    return [t for t in times if t not in taken]


def portal_pods(*, station: OrgUnit | None = None) -> QuerySet[Pod]:
    """Active pods at active stations, by station then name (one query)."""
    qs = Pod.objects.filter(is_active=True, station__is_active=True).select_related("station")
    if station is not None:
        qs = qs.filter(station=station)
    return qs.order_by("station__path", "name")


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def pod_by_public_id(public_id: Any) -> Pod | None:
    value = _uuid(public_id)
    return None if value is None else portal_pods().filter(public_id=value).first()


def worker_pod_bookings(*, viewer: User) -> QuerySet[PodBooking]:
    if viewer is None or not viewer.is_authenticated:
        return PodBooking.objects.none()
    return PodBooking.objects.filter(worker=viewer).select_related("pod__station")


def my_pod_bookings(
    *, viewer: User, past_limit: int = 10
) -> tuple[list[PodBooking], list[PodBooking]]:
    """(upcoming open pod bookings soonest first, the last `past_limit` others); 2 queries."""
    now = timezone.now()
    qs = worker_pod_bookings(viewer=viewer)
    upcoming = list(
        qs.filter(status=PodBookingStatus.BOOKED, ends_at__gt=now).order_by("starts_at")
    )
    past = list(
        qs.exclude(status=PodBookingStatus.BOOKED, ends_at__gt=now).order_by("-starts_at")[
            :past_limit
        ]
    )
    return upcoming, past


def pod_booking_of(*, viewer: User, public_id: Any) -> PodBooking | None:
    value = _uuid(public_id)
    if value is None:
        return None
    return worker_pod_bookings(viewer=viewer).filter(public_id=value).first()


def staff_pods(*, viewer: User) -> QuerySet[Pod]:
    """Active pods at stations the viewer reaches with RUN_PODS (one query once evaluated)."""
    return (
        Pod.objects.filter(access.scope_q(viewer, Perm.RUN_PODS, "station__path"), is_active=True)
        .select_related("station")
        .order_by("station__path", "name")
    )


def staff_bookings(*, viewer: User) -> QuerySet[PodBooking]:
    """Pod bookings at stations the viewer reaches with RUN_PODS."""
    return PodBooking.objects.filter(
        access.scope_q(viewer, Perm.RUN_PODS, "pod__station__path")
    ).select_related("pod__station", "worker")


def staff_day_bookings(*, viewer: User, day: date | None = None) -> QuerySet[PodBooking]:
    """The day's (default today's) active pod bookings in the viewer's reach, by time."""
    start, end = clock.day_bounds(day or clock.today())
    return (
        staff_bookings(viewer=viewer)
        .filter(starts_at__gte=start, starts_at__lt=end, status__in=ACTIVE_POD_STATUSES)
        .order_by("starts_at", "pod__name")
    )


def walk_in_times(pod: Pod, *, now: datetime | None = None) -> list[datetime]:
    """Today's starts in the pod's window that have begun (a walk-in is recorded as it comes)."""
    now = now or timezone.now()
    return [t for t in window_times(pod, clock.today()) if t <= now]


def month_bounds(day: date | None = None) -> tuple[datetime, datetime]:
    """[first day of the month, first day of the next month) in the network time zone."""
    day = day or clock.today()
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return clock.day_bounds(first)[0], clock.day_bounds(following)[0]


USAGE_KEYS = ("booked", "used", "walk_in", "no_show")


def pod_usage(
    *, station_ids: Iterable[int], start: datetime, end: datetime
) -> dict[int, dict[str, int]]:
    """Per station: {"booked", "used", "walk_in", "no_show"} counts in [start, end) (one query).

    booked: bookings made by workers and not cancelled (whatever came of them);
    used: uses, walk-ins included; walk_in: walk-ins recorded by staff;
    no_show: booked workers who did not come. Every station asked for is in
    the result, with zeros when its pods were not used.
    """
    ids = list(station_ids)
    result = {pk: dict.fromkeys(USAGE_KEYS, 0) for pk in ids}
    if not ids:
        return result
    rows = (
        PodBooking.objects.filter(pod__station_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .values("pod__station_id")
        .annotate(
            booked=Count("pk", filter=Q(walk_in=False, status__in=ACTIVE_POD_STATUSES)),
            used=Count("pk", filter=Q(status=PodBookingStatus.USED)),
            walk_in=Count("pk", filter=Q(walk_in=True, status=PodBookingStatus.USED)),
            no_show=Count("pk", filter=Q(status=PodBookingStatus.NO_SHOW)),
        )
        .order_by()
    )
    for row in rows:
        result[row["pod__station_id"]] = {
            "booked": row["booked"],
            "used": row["used"],
            "walk_in": row["walk_in"],
            "no_show": row["no_show"],
        }
    return result


@dataclass(frozen=True)
class PodCard:
    """One pod on the staff page: today's bookings and the free walk-in times."""

    pod: Pod
    bookings: list[PodBooking]
    walk_in_times: list[datetime]


@dataclass(frozen=True)
class PodsToday:
    """The staff pods page: a card per pod in reach and the month's usage per station."""

    cards: list[PodCard]
    usage: list[tuple[OrgUnit, dict[str, int]]]
    month_start: datetime


WALK_IN_CHOICES = 8


def staff_pods_today(*, viewer: User) -> PodsToday:
    """Today's pod bookings at stations in `viewer`'s reach, walk-in times, the month's usage."""
    pod_rows = list(staff_pods(viewer=viewer))
    bookings = list(staff_day_bookings(viewer=viewer))
    station_ids = list(dict.fromkeys(p.station_id for p in pod_rows))
    start, end = month_bounds()
    usage = pod_usage(station_ids=station_ids, start=start, end=end)
    stations = {p.station_id: p.station for p in pod_rows}
    by_pod: dict[int, list[PodBooking]] = {}
    for booking in bookings:
        by_pod.setdefault(booking.pod_id, []).append(booking)
    taken = {(b.pod_id, b.starts_at) for b in bookings}
    cards = [
        PodCard(
            pod=pod,
            bookings=by_pod.get(pod.pk, []),
            # The latest free times that have begun, the one under way last (the default).
            walk_in_times=[t for t in walk_in_times(pod) if (pod.pk, t) not in taken][
                -WALK_IN_CHOICES:
            ],
        )
        for pod in pod_rows
    ]
    return PodsToday(
        cards=cards,
        usage=[(stations[pk], usage[pk]) for pk in station_ids],
        month_start=start,
    )
