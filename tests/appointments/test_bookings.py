"""Slots generated into rows, bookings that never double, rule changes that spare bookings."""

from __future__ import annotations

import functools
import threading
from datetime import time, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation

from accounts.models import User
from appointments import services
from appointments.models import AvailabilityException, Booking, BookingStatus, Room, Slot
from appointments.selectors import slots as slots_selectors
from core import clock
from network.models import OrgUnit
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, weeks_ahead: int = 1):  # type: ignore[no-untyped-def]
    today = clock.today()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def test_regeneration_creates_the_next_weeks_and_is_idempotent(
    tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    first = services.slots_regenerate(counsellor_id=counsellor_a.pk)
    assert first["created"] >= 12  # 3 sessions × at least 4 Tuesdays
    assert services.slots_regenerate(counsellor_id=counsellor_a.pk) == {
        "created": 0,
        "deleted": 0,
        "flagged": 0,
    }


def test_a_rule_change_never_touches_booked_slots_but_flags_them(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    rule = weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).order_by("starts_at").last()
    assert slot is not None
    booking = services.booking_create(actor=worker, worker=worker, slot=slot)

    rule.start_time, rule.end_time = time(14), time(17)
    rule.save()
    result = services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot.refresh_from_db()
    assert result["flagged"] == 1
    assert slot.needs_attention and slot.withdrawn
    assert Booking.objects.get(pk=booking.pk).starts_at == slot.starts_at
    assert (
        not Slot.objects.filter(counsellor=counsellor_a, starts_at__hour=9)
        .exclude(pk=slot.pk)
        .exists()
    )
    assert Slot.objects.filter(counsellor=counsellor_a).exclude(pk=slot.pk).count() >= 12


def test_leave_withdraws_free_slots_of_that_day(
    tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    day = next_weekday(1)
    AvailabilityException.objects.create(counsellor=counsellor_a, date=day, kind="leave")
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    assert not Slot.objects.filter(counsellor=counsellor_a, starts_at__date=day).exists()


def test_one_active_booking_per_slot_is_a_database_constraint(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).last()
    assert slot is not None
    services.booking_create(actor=worker, worker=worker, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            slot=slot,
            worker=make_user("other@example.com"),
            counsellor=counsellor_a,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
        )


def test_the_loser_gets_a_clear_conflict_with_the_next_free_slots(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).order_by("starts_at").last()
    assert slot is not None
    services.booking_create(actor=worker, worker=worker, slot=slot)
    late = make_user("late@example.com")
    with pytest.raises(services.SlotTaken) as caught:
        services.booking_create(actor=late, worker=late, slot=slot)
    assert caught.value.status == 409
    assert caught.value.alternatives
    assert slot not in caught.value.alternatives


def test_cancelling_frees_the_slot(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).order_by("starts_at").last()
    assert slot is not None
    booking = services.booking_create(actor=worker, worker=worker, slot=slot)
    assert slot not in slots_selectors.free_slots()
    services.booking_cancel(actor=worker, booking=booking)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    assert slot in slots_selectors.free_slots()
    following = make_user("next@example.com")
    again = services.booking_create(actor=following, worker=following, slot=slot)
    assert again.status == BookingStatus.BOOKED


def test_a_worker_holds_a_limited_number_of_open_bookings(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User, settings: pytest.FixtureRequest
) -> None:
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 1  # type: ignore[attr-defined]
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    first, second = list(Slot.objects.filter(counsellor=counsellor_a).order_by("-starts_at")[:2])
    services.booking_create(actor=worker, worker=worker, slot=first)
    with pytest.raises(services.BookingRefused) as refused, translation.override("en"):
        services.booking_create(actor=worker, worker=worker, slot=second)
    assert refused.value.code == "booking_limit"
    assert "You already have 1 open bookings" in str(refused.value.message)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_workers_race_for_five_slots(
    tree: dict[str, OrgUnit], counsellor_a: User, room: Room
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1, room=room)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slots = list(Slot.objects.filter(counsellor=counsellor_a).order_by("-starts_at")[:5])
    workers = [make_user(f"racer{i}@example.com") for i in range(50)]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def race(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            try:
                services.booking_create(
                    actor=workers[index], worker=workers[index], slot=slots[index % 5]
                )
                result = "won"
            except services.SlotTaken as exc:
                result = f"lost:{exc.status}"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("won") == 5
    assert outcomes.count("lost:409") == 45
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 5
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM appointments_booking a JOIN appointments_booking b
              ON a.id < b.id AND a.status = 'booked' AND b.status = 'booked'
             AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
             AND (a.counsellor_id = b.counsellor_id OR a.room_id = b.room_id)
            """
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_workers_racing_requests_never_pass_the_open_bookings_limit(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User, settings: object, at_once: Any
) -> None:
    """Eight requests of one worker for eight free slots at once: exactly MAX are booked."""
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 2  # type: ignore[attr-defined]
    for weekday in range(7):
        weekly_rule(counsellor_a, tree["station_a1"], weekday=weekday)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slots = list(Slot.objects.filter(counsellor=counsellor_a).order_by("-starts_at")[:8])
    assert len(slots) == 8
    results = at_once(
        [
            functools.partial(services.booking_create, actor=worker, worker=worker, slot=slot)
            for slot in slots
        ]
    )
    outcomes = [
        f"refused:{r.code}" if isinstance(r, services.BookingRefused) else "won" for r in results
    ]
    assert sorted(outcomes) == ["refused:booking_limit"] * 6 + ["won"] * 2
    assert Booking.objects.filter(worker=worker, status=BookingStatus.BOOKED).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_overlapping_bookings_of_one_counsellor(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = Slot.objects.filter(counsellor=counsellor_a).order_by("starts_at").last()
    assert slot is not None
    services.booking_create(actor=worker, worker=worker, slot=slot)
    # A second slot row overlapping the first (as a bad import might make) is still guarded.
    overlapping = Slot.objects.create(
        counsellor=counsellor_a,
        station=slot.station,
        mode=slot.mode,
        starts_at=slot.starts_at + timedelta(minutes=10),
        ends_at=slot.ends_at + timedelta(minutes=10),
    )
    other = make_user("x@example.com")
    with pytest.raises(services.SlotTaken):
        services.booking_create(actor=other, worker=other, slot=overlapping)


def test_the_beat_job_keeps_every_counsellor_generated(
    tree: dict[str, OrgUnit], counsellor_a: User, second_counsellor: User
) -> None:
    from appointments.tasks import regenerate_slots

    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    weekly_rule(second_counsellor, tree["station_a1"], weekday=3)
    assert regenerate_slots.delay().get() == 2
    assert Slot.objects.filter(counsellor=counsellor_a).exists()
    assert Slot.objects.filter(counsellor=second_counsellor).exists()
