"""Reads behind the counsellor's staff pages: the day, waitlist counts, a booking as
its counsellor sees it, and the counsellors an office-hours manager reaches.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from appointments.models.bookings import Booking, BookingStatus
from appointments.models.cases import FollowUp
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus
from appointments.selectors import cases
from core import clock
from network import access
from network.models import Membership, Role

UPCOMING_DAYS = 14


OVERDUE_LIMIT = 20


@dataclass(frozen=True)
class WaitlistCount:
    day: date
    station: str
    waiting: int
    offered: int


@dataclass
class CounsellorDay:
    today: date
    today_bookings: list[Booking]
    upcoming: list[tuple[date, list[Booking]]]
    flagged: list[Booking]
    waitlist: list[WaitlistCount]
    overdue: list[FollowUp]
    overdue_count: int


def _counsellor_bookings(viewer: User) -> QuerySet[Booking]:
    return Booking.objects.filter(counsellor=viewer).select_related("slot__station", "room", "case")


def counsellor_day(
    *, viewer: User, today: date | None = None, days: int = UPCOMING_DAYS
) -> CounsellorDay:
    """The counsellor's sessions today and in the next `days` days, booked slots that
    no longer fit the office hours, waitlist counts and overdue follow-ups."""
    today = today or clock.today()
    start = clock.at(today)
    tomorrow = clock.at(today + timedelta(days=1))
    end = clock.at(today + timedelta(days=days + 1))
    rows = list(
        _counsellor_bookings(viewer)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("starts_at")
    )
    today_rows = [b for b in rows if b.starts_at < tomorrow]
    by_day: dict[date, list[Booking]] = defaultdict(list)
    for booking in rows:
        if booking.starts_at >= tomorrow and booking.status == BookingStatus.BOOKED:
            by_day[clock.local_date(booking.starts_at)].append(booking)
    flagged = list(
        _counsellor_bookings(viewer)
        .filter(
            slot__needs_attention=True,
            status=BookingStatus.BOOKED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
    )
    overdue_qs = cases.overdue_followups(viewer=viewer)
    overdue = list(overdue_qs.select_related("case")[:OVERDUE_LIMIT])
    overdue_count = len(overdue) if len(overdue) < OVERDUE_LIMIT else overdue_qs.count()
    return CounsellorDay(
        today=today,
        today_bookings=today_rows,
        upcoming=sorted(by_day.items()),
        flagged=flagged,
        waitlist=waitlist_counts(viewer=viewer, today=today),
        overdue=overdue,
        overdue_count=overdue_count,
    )


def waitlist_counts(*, viewer: User, today: date | None = None) -> list[WaitlistCount]:
    """Workers waiting (or holding an offer) from today on: for this counsellor, or for
    any counsellor at a station the counsellor works at; per day and station."""
    today = today or clock.today()
    mine = Q(counsellor=viewer) | (
        Q(counsellor__isnull=True) & access.scope_q(viewer, access.Perm.COUNSEL, "station__path")
    )
    rows = (
        WaitlistEntry.objects.filter(mine, day__gte=today)
        .filter(status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED])
        .values("day", "station__name", "station__path")
        .annotate(
            waiting=Count("pk", filter=Q(status=WaitlistStatus.WAITING)),
            offered=Count("pk", filter=Q(status=WaitlistStatus.OFFERED)),
        )
        .order_by("day", "station__path")
    )
    return [
        WaitlistCount(
            day=row["day"],
            station=row["station__name"],
            waiting=row["waiting"],
            offered=row["offered"],
        )
        for row in rows
    ]


def booking_for_counsellor(*, viewer: User, public_id: Any) -> Booking | None:
    """A booking as its own counsellor sees it; None for anyone else."""
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    if viewer is None or not viewer.is_authenticated:
        return None
    return _counsellor_bookings(viewer).filter(public_id=value).first()


def counsellors_in_reach(actor: User) -> Any:
    """Users holding a counsellor role at a unit the actor manages office hours for."""
    from accounts.models import User

    roles = Membership.objects.filter(role=Role.COUNSELLOR).filter(
        access.scope_q(actor, access.Perm.MANAGE_OFFICE_HOURS, field="unit__path")
    )
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True)
