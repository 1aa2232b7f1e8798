"""Factories for appointments (factory_boy): office hours, slots, bookings, cases.

The counsellor, worker and station come from the test (persona fixtures in
``tests/conftest.py`` and ``tests/network/conftest.py``); these factories only
fill in what a test does not care about. Rows are written directly, past times
included: the services refuse to book the past.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import factory
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import (
    AvailabilityRule,
    Booking,
    BookingStatus,
    Case,
    FollowUp,
    Mode,
    Pod,
    PodKind,
    Room,
    Slot,
)
from core import clock
from network.models import OrgUnit


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"咨询室{n + 1}")


class AvailabilityRuleFactory(factory.django.DjangoModelFactory[AvailabilityRule]):
    """Weekly office hours, 09:00–12:00, 50-minute sessions with 10 minutes between."""

    class Meta:
        model = AvailabilityRule

    mode = Mode.IN_PERSON
    weekday = 0
    weeks_of_month: list[int] = []
    recurrence = "weekly"
    start_time = time(9)
    end_time = time(12)
    slot_minutes = 50
    buffer_minutes = 10
    horizon_days = 28
    valid_from = factory.LazyFunction(lambda: clock.today() - timedelta(days=1))


class SlotFactory(factory.django.DjangoModelFactory[Slot]):
    """A 50-minute in-person slot tomorrow at 10:00 (network time)."""

    class Meta:
        model = Slot

    mode = Mode.IN_PERSON
    starts_at = factory.LazyFunction(
        lambda: datetime.combine(
            clock.today() + timedelta(days=1), time(10), tzinfo=clock.network_tz()
        )
    )
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + timedelta(minutes=50))


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    """A booking of `slot`, by `worker`, with the slot's counsellor, times and room."""

    class Meta:
        model = Booking

    counsellor = factory.LazyAttribute(lambda booking: booking.slot.counsellor)
    room = factory.LazyAttribute(
        lambda booking: booking.slot.room if booking.slot.mode == Mode.IN_PERSON else None
    )
    starts_at = factory.LazyAttribute(lambda booking: booking.slot.starts_at)
    ends_at = factory.LazyAttribute(lambda booking: booking.slot.ends_at)
    status = BookingStatus.BOOKED
    reason = ""


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    concern = "work_stress"


class FollowUpFactory(factory.django.DjangoModelFactory[FollowUp]):
    class Meta:
        model = FollowUp

    kind = "visit"
    due_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=3))
    assigned_to = factory.LazyAttribute(lambda followup: followup.case.counsellor)


class PodFactory(factory.django.DjangoModelFactory[Pod]):
    class Meta:
        model = Pod

    name = factory.Sequence(lambda n: f"情绪调节舱{n + 1}")
    kind = PodKind.POD
    weekdays = factory.LazyFunction(lambda: list(range(7)))
    opens_at = time(8)
    closes_at = time(20)


# --- the helpers the tests call --------------------------------------------------------------


def weekly_rule(
    counsellor: User,
    station: OrgUnit,
    *,
    weekday: int,
    start: time = time(9),
    end: time = time(12),
    room: Room | None = None,
    mode: str = Mode.IN_PERSON,
    weeks: list[int] | None = None,
    valid_from: date | None = None,
) -> AvailabilityRule:
    extra: dict[str, Any] = {"valid_from": valid_from} if valid_from else {}
    return AvailabilityRuleFactory.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        room=room,
        weekday=weekday,
        weeks_of_month=weeks or [],
        recurrence="monthly_nth" if weeks else "weekly",
        start_time=start,
        end_time=end,
        **extra,
    )


def make_booking(
    counsellor: User,
    station: OrgUnit,
    worker: User,
    *,
    starts_at: datetime,
    mode: str = Mode.IN_PERSON,
    room: Room | None = None,
    status: str = BookingStatus.BOOKED,
    reason: str = "",
    minutes: int = 50,
) -> Booking:
    """A slot and its booking written directly (past times included)."""
    slot = SlotFactory.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
    )
    return BookingFactory.create(slot=slot, worker=worker, status=status, reason=reason)


def past_booking(
    counsellor: User,
    worker: User,
    station: OrgUnit,
    *,
    days_ago: int,
    status: str = BookingStatus.ATTENDED,
) -> Booking:
    """A session in the past, made directly (services refuse to book the past)."""
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    while Slot.objects.filter(counsellor=counsellor, starts_at=starts).exists():
        starts -= timedelta(hours=1)
    slot = SlotFactory.create(counsellor=counsellor, station=station, starts_at=starts)
    return BookingFactory.create(
        slot=slot, worker=worker, room=None, status=status, reason="work_stress"
    )


def today() -> Any:
    return clock.today()


def open_case(counsellor: User, worker: User, station: OrgUnit, *, days_ago: int = 2) -> Case:
    """A case opened from a past session, with a first follow-up due in three days."""
    booking = past_booking(counsellor, worker, station, days_ago=days_ago)
    return services.case_open(
        actor=counsellor,
        booking=booking,
        concern="work_stress",
        next_due_on=today() + timedelta(days=3),
    )


def make_overdue(case: Case, days: int = 2) -> FollowUp:
    followup = case.followups.get(done_at__isnull=True)
    FollowUp.objects.filter(pk=followup.pk).update(due_on=today() - timedelta(days=days))
    followup.refresh_from_db()
    return followup
