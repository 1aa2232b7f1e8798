"""Emotion-regulation pods and relaxation rooms (情绪调节舱): 15-minute bookings with a
simple flow (no case, no notes, no reason), marks and walk-ins.

One active booking per pod and start is a database constraint
(appointments_podbooking_one_active_per_time), so of two workers racing for a
time exactly one wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from appointments.errors import ErrorCode, PodBookingRefused, PodTimeTaken
from appointments.facts import pod_booking_refresh
from appointments.models.pods import Pod, PodBooking, PodBookingStatus
from appointments.selectors.pods import (
    ACTIVE_POD_STATUSES,
    POD_DAYS_AHEAD,
    pod_step,
    pod_times,
    walk_in_times,
)
from appointments.services.bookings import lock_worker
from core import clock
from core.errors import Conflict, NotFound
from network import access, audit
from network.access import Perm


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
        raise PodBookingRefused(
            _("Choose one of the times shown."), code=ErrorCode.POD_TIME_INVALID
        )
    day = clock.local_date(starts_at)
    if day > clock.today() + timedelta(days=POD_DAYS_AHEAD) or starts_at not in pod_times(pod, day):
        raise PodBookingRefused(
            _("The pod cannot be booked at that time. Choose one of the times shown."),
            code=ErrorCode.POD_TIME_INVALID,
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
                    code=ErrorCode.POD_LIMIT,
                )
            booking = PodBooking.objects.create(
                pod=pod, worker=actor, starts_at=starts_at, ends_at=starts_at + pod_step()
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
def pod_booking_cancel(*, actor: User, booking: PodBooking) -> PodBooking:
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
        raise Conflict(
            _("This pod booking can no longer be cancelled."), code=ErrorCode.POD_NOT_OPEN
        )
    booking.status = PodBookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="appointments.pod_booking.cancelled",
        target=booking,
        unit=booking.pod.station,
    )
    return booking


def _require_reach(actor: User, pod: Pod) -> None:
    if not access.can(actor, Perm.RUN_PODS, pod.station):
        raise NotFound()


MARKABLE = (PodBookingStatus.USED, PodBookingStatus.NO_SHOW)


@transaction.atomic
def pod_booking_mark(*, actor: User, booking: PodBooking, status: str) -> PodBooking:
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
        raise PodBookingRefused(
            _("Choose “used” or “did not come”."), code=ErrorCode.POD_MARK_INVALID
        )
    if booking.status not in ACTIVE_POD_STATUSES:
        raise Conflict(_("This pod booking was cancelled."), code=ErrorCode.POD_NOT_OPEN)
    if booking.walk_in and status != PodBookingStatus.USED:
        raise PodBookingRefused(_("A walk-in is always a use."), code=ErrorCode.POD_MARK_INVALID)
    if clock.local_date(booking.starts_at) > clock.today():
        raise PodBookingRefused(
            _("Only today's and earlier bookings can be marked."), code=ErrorCode.POD_MARK_EARLY
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
    pod_booking_refresh(booking)
    return booking


def pod_walk_in_record(*, actor: User, pod: Pod, starts_at: datetime | None = None) -> PodBooking:
    """Staff record a walk-in: a used booking with no worker, at `starts_at` (default: the
    time under way now). The time must be today, in the window, not in the future, and free."""
    _require_reach(actor, pod)
    times = walk_in_times(pod)
    if starts_at is None:
        if not times:
            raise PodBookingRefused(
                _("The pod is not open at this time."), code=ErrorCode.POD_WALK_IN_CLOSED
            )
        starts_at = times[-1]
    elif starts_at not in times:
        raise PodBookingRefused(
            _("Choose a time of today's opening hours that has begun."),
            code=ErrorCode.POD_WALK_IN_TIME,
        )
    try:
        with transaction.atomic():
            booking = PodBooking.objects.create(
                pod=pod,
                worker=None,
                walk_in=True,
                status=PodBookingStatus.USED,
                starts_at=starts_at,
                ends_at=starts_at + pod_step(),
            )
            audit.record(
                actor=actor,
                action="appointments.pod_booking.walk_in",
                target=booking,
                unit=pod.station,
            )
            pod_booking_refresh(booking)
    except IntegrityError:
        raise PodTimeTaken(
            _("This time is already taken by a booking. Mark that booking instead.")
        ) from None
    return booking
