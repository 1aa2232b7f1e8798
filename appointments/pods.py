"""Emotion-regulation pods and relaxation rooms (情绪调节舱): 15-minute bookings with a
simple flow (no case, no notes, no reason), walk-ins, and usage counts.

A pod opens on its weekdays from `opens_at` to `closes_at` (network time zone);
its bookable times are the POD_SESSION_MINUTES steps from `opens_at` that end
by `closes_at`. One active booking per pod and start is a database constraint
(appointments_podbooking_one_active_per_time), so of two workers racing for a
time exactly one wins.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.models import Pod, PodBooking, PodBookingStatus
from appointments.services import lock_worker
from core import clock
from core.errors import Conflict, DomainError, NotFound
from network import access, audit
from network.access import Perm
from network.models import OrgUnit

ACTIVE_POD_STATUSES = (PodBookingStatus.BOOKED, PodBookingStatus.USED, PodBookingStatus.NO_SHOW)
# How many days ahead a worker may book a pod.
POD_DAYS_AHEAD = 7


class PodBookingRefused(DomainError):
    code = "pod_booking_refused"


class PodTimeTaken(Conflict):
    code = "pod_time_taken"
    default_message = _("This time has just been taken. Please choose another one.")


# --- Times ---------------------------------------------------------------------------


def _step() -> timedelta:
    return timedelta(minutes=settings.POD_SESSION_MINUTES)


def window_times(pod: Pod, day: date) -> list[datetime]:
    """Every start in the pod's daily window on `day`, whatever the weekday."""
    tz = clock.network_tz()
    step = _step()
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


# --- Portal reads ----------------------------------------------------------------------


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


def worker_pod_bookings(*, viewer: Any) -> QuerySet[PodBooking]:
    if viewer is None or not viewer.is_authenticated:
        return PodBooking.objects.none()
    return PodBooking.objects.filter(worker=viewer).select_related("pod__station")


def my_pod_bookings(
    *, viewer: Any, past_limit: int = 10
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


def pod_booking_of(*, viewer: Any, public_id: Any) -> PodBooking | None:
    value = _uuid(public_id)
    if value is None:
        return None
    return worker_pod_bookings(viewer=viewer).filter(public_id=value).first()


# --- Portal writes ---------------------------------------------------------------------


def _open_pod_bookings(actor: User) -> QuerySet[PodBooking]:
    return PodBooking.objects.filter(
        worker=actor, status=PodBookingStatus.BOOKED, ends_at__gt=timezone.now()
    )


def pod_booking_create(*, actor: User | None, pod: Pod, starts_at: datetime) -> PodBooking:
    """Book `pod` at `starts_at` for the signed-in worker `actor`.

    Refused outside the pod's weekdays and window, in the past, off the
    15-minute grid, or beyond POD_MAX_OPEN_BOOKINGS open bookings; a time
    already taken raises PodTimeTaken (409; the database decides a race).
    """
    if actor is None or not actor.is_authenticated:
        raise PodBookingRefused(_("Sign in to book a pod."))
    if not pod.is_active:
        raise NotFound()
    if timezone.is_naive(starts_at):
        raise PodBookingRefused(_("Choose one of the times shown."), code="pod_time_invalid")
    day = clock.local_date(starts_at)
    if day > clock.today() + timedelta(days=POD_DAYS_AHEAD) or starts_at not in pod_times(pod, day):
        raise PodBookingRefused(
            _("The pod cannot be booked at that time. Choose one of the times shown."),
            code="pod_time_invalid",
        )
    try:
        with transaction.atomic():
            # The limit is read in the writing transaction, one request of the worker at a time.
            lock_worker(actor)
            open_count = _open_pod_bookings(actor).count()
            if open_count >= settings.POD_MAX_OPEN_BOOKINGS:
                raise PodBookingRefused(
                    _("You already have %(count)d open pod bookings. Cancel one to book another.")
                    % {"count": open_count},
                    code="pod_limit",
                )
            booking = PodBooking.objects.create(
                pod=pod, worker=actor, starts_at=starts_at, ends_at=starts_at + _step()
            )
            audit.record(
                actor=actor,
                action="appointments.pod_booking.created",
                target=booking,
                unit=pod.station,
                details={"pod": str(pod.public_id)},
            )
    except IntegrityError:
        raise PodTimeTaken() from None
    return booking


@transaction.atomic
def pod_booking_cancel(*, actor: Any, booking: PodBooking) -> PodBooking:
    """The worker cancels an open booking before it starts; the time is free again."""
    locked = (
        PodBooking.objects.select_for_update()
        .select_related("pod__station")
        .filter(pk=booking.pk, worker_id=getattr(actor, "pk", None))
        .first()
    )
    if locked is None:
        raise NotFound()
    booking = locked
    if booking.status != PodBookingStatus.BOOKED or booking.starts_at <= timezone.now():
        raise Conflict(_("This pod booking can no longer be cancelled."), code="pod_not_open")
    booking.status = PodBookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="appointments.pod_booking.cancelled",
        target=booking,
        unit=booking.pod.station,
    )
    return booking


# --- Staff ---------------------------------------------------------------------------------


def staff_pods(*, viewer: Any) -> QuerySet[Pod]:
    """Active pods at stations the viewer reaches with RUN_PODS (one query once evaluated)."""
    return (
        Pod.objects.filter(access.scope_q(viewer, Perm.RUN_PODS, "station__path"), is_active=True)
        .select_related("station")
        .order_by("station__path", "name")
    )


def staff_bookings(*, viewer: Any) -> QuerySet[PodBooking]:
    """Pod bookings at stations the viewer reaches with RUN_PODS."""
    return PodBooking.objects.filter(
        access.scope_q(viewer, Perm.RUN_PODS, "pod__station__path")
    ).select_related("pod__station", "worker")


def staff_day_bookings(*, viewer: Any, day: date | None = None) -> QuerySet[PodBooking]:
    """The day's (default today's) active pod bookings in the viewer's reach, by time."""
    start, end = clock.day_bounds(day or clock.today())
    return (
        staff_bookings(viewer=viewer)
        .filter(starts_at__gte=start, starts_at__lt=end, status__in=ACTIVE_POD_STATUSES)
        .order_by("starts_at", "pod__name")
    )


def _require_reach(actor: Any, pod: Pod) -> None:
    if not access.can(actor, Perm.RUN_PODS, pod.station):
        raise NotFound()


MARKABLE = (PodBookingStatus.USED, PodBookingStatus.NO_SHOW)


@transaction.atomic
def pod_booking_mark(*, actor: Any, booking: PodBooking, status: str) -> PodBooking:
    """Staff mark a booking used or no-show (and may correct it); not before its day."""
    locked = (
        PodBooking.objects.select_for_update()
        .select_related("pod__station")
        .filter(pk=booking.pk)
        .first()
    )
    if locked is None:
        raise NotFound()
    booking = locked
    _require_reach(actor, booking.pod)
    if status not in MARKABLE:
        raise PodBookingRefused(_("Choose “used” or “did not come”."), code="pod_mark_invalid")
    if booking.status not in ACTIVE_POD_STATUSES:
        raise Conflict(_("This pod booking was cancelled."), code="pod_not_open")
    if booking.walk_in and status != PodBookingStatus.USED:
        raise PodBookingRefused(_("A walk-in is always a use."), code="pod_mark_invalid")
    if clock.local_date(booking.starts_at) > clock.today():
        raise PodBookingRefused(
            _("Only today's and earlier bookings can be marked."), code="pod_mark_early"
        )
    previous = booking.status
    booking.status = status
    booking.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action=f"appointments.pod_booking.{status}",
        target=booking,
        unit=booking.pod.station,
        details={"previous": previous},
    )
    return booking


def walk_in_times(pod: Pod, *, now: datetime | None = None) -> list[datetime]:
    """Today's starts in the pod's window that have begun (a walk-in is recorded as it comes)."""
    now = now or timezone.now()
    return [t for t in window_times(pod, clock.today()) if t <= now]


def pod_walk_in_record(*, actor: Any, pod: Pod, starts_at: datetime | None = None) -> PodBooking:
    """Staff record a walk-in: a used booking with no worker, at `starts_at` (default: the
    time under way now). The time must be today, in the window, not in the future, and free."""
    _require_reach(actor, pod)
    times = walk_in_times(pod)
    if starts_at is None:
        if not times:
            raise PodBookingRefused(
                _("The pod is not open at this time."), code="pod_walk_in_closed"
            )
        starts_at = times[-1]
    elif starts_at not in times:
        raise PodBookingRefused(
            _("Choose a time of today's opening hours that has begun."),
            code="pod_walk_in_time",
        )
    try:
        with transaction.atomic():
            booking = PodBooking.objects.create(
                pod=pod,
                worker=None,
                walk_in=True,
                status=PodBookingStatus.USED,
                starts_at=starts_at,
                ends_at=starts_at + _step(),
            )
            audit.record(
                actor=actor,
                action="appointments.pod_booking.walk_in",
                target=booking,
                unit=pod.station,
            )
    except IntegrityError:
        raise PodTimeTaken(
            _("This time is already taken by a booking. Mark that booking instead.")
        ) from None
    return booking


# --- Figures -------------------------------------------------------------------------------


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
