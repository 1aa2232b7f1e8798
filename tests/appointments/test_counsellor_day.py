"""The counsellor's day: today's and coming sessions, flagged slots, waitlist, follow-ups."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import (
    Booking,
    BookingStatus,
    Case,
    FollowUp,
    Mode,
    Room,
    Slot,
    WaitlistEntry,
    WaitlistStatus,
)
from appointments.selectors import slots
from core import clock
from network.models import OrgUnit
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

DAY_URL = "staff:appointments:day"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.network_tz())


def make_booking(
    counsellor: User,
    station: OrgUnit,
    worker: User,
    starts_at: datetime,
    *,
    mode: str = Mode.IN_PERSON,
    room: Room | None = None,
    status: str = BookingStatus.BOOKED,
    needs_attention: bool = False,
) -> Booking:
    slot = Slot.objects.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=50),
        needs_attention=needs_attention,
        withdrawn=needs_attention,
    )
    return Booking.objects.create(
        slot=slot,
        worker=worker,
        counsellor=counsellor,
        room=room,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        status=status,
    )


def today() -> date:
    return clock.today()


def test_the_day_shows_todays_and_coming_sessions_and_flagged_ones(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    second_counsellor: User,
    worker: User,
    room: Room,
) -> None:
    station = tree["station_a1"]
    now_today = make_booking(counsellor_a, station, worker, at(today(), 12), room=room)
    coming = make_booking(counsellor_a, station, worker, at(today() + timedelta(days=3), 10))
    cancelled = make_booking(
        counsellor_a,
        station,
        worker,
        at(today() + timedelta(days=4), 10),
        status=BookingStatus.CANCELLED,
    )
    flagged = make_booking(
        counsellor_a, station, worker, at(today() + timedelta(days=2), 15), needs_attention=True
    )
    someone_elses = make_booking(second_counsellor, station, worker, at(today(), 14))
    far = make_booking(counsellor_a, station, worker, at(today() + timedelta(days=30), 10))

    response = login(counsellor_a).get(reverse(DAY_URL))
    assert response.status_code == 200
    day = response.context["day"]
    assert [b.pk for b in day.today_bookings] == [now_today.pk]
    assert [b.pk for _, rows in day.upcoming for b in rows] == [flagged.pk, coming.pk]
    assert [b.pk for b in day.flagged] == [flagged.pk]
    html = response.content.decode()
    assert str(now_today.public_id) in html and str(coming.public_id) in html
    assert "no longer fit your office hours" in html
    for absent in (cancelled, someone_elses, far):
        assert str(absent.public_id) not in html
    assert "worker@example.com" not in html


def test_slots_flagged_by_a_rule_change_show_on_the_day(
    login: Login, tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    rule = weekly_rule(counsellor_a, tree["station_a1"], weekday=(today().weekday() + 2) % 7)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = slots.free_slots().filter(counsellor=counsellor_a).first()
    assert slot is not None
    booking = services.booking_create(actor=worker, worker=worker, slot=slot)
    rule.is_active = False
    rule.save()
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    day = login(counsellor_a).get(reverse(DAY_URL)).context["day"]
    assert [b.pk for b in day.flagged] == [booking.pk]


def test_waitlist_counts_per_day_and_station(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    second_counsellor: User,
    worker: User,
) -> None:
    station = tree["station_a1"]
    tomorrow = today() + timedelta(days=1)
    other = make_user("w2@example.com")
    third = make_user("w3@example.com")
    for person in (worker, other):  # any counsellor at my station
        WaitlistEntry.objects.create(worker=person, station=station, day=tomorrow)
    offered_slot = make_booking(counsellor_a, station, third, at(tomorrow, 9)).slot
    WaitlistEntry.objects.create(
        worker=third,
        station=station,
        counsellor=counsellor_a,
        day=tomorrow,
        status=WaitlistStatus.OFFERED,
        offered_slot=offered_slot,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )
    # Not counted: another counsellor by name, another district, the past, people who left.
    WaitlistEntry.objects.create(
        worker=worker, station=station, counsellor=second_counsellor, day=tomorrow
    )
    WaitlistEntry.objects.create(worker=worker, station=tree["station_b1"], day=tomorrow)
    WaitlistEntry.objects.create(worker=worker, station=station, day=today() - timedelta(days=1))
    WaitlistEntry.objects.create(
        worker=other, station=station, day=tomorrow, status=WaitlistStatus.LEFT
    )
    response = login(counsellor_a).get(reverse(DAY_URL))
    rows = response.context["day"].waitlist
    assert [(r.day, r.station, r.waiting, r.offered) for r in rows] == [
        (tomorrow, station.name, 2, 1)
    ]
    assert "w2@example.com" not in response.content.decode()


def test_the_day_lists_the_counsellors_overdue_follow_ups(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
) -> None:
    case = Case.objects.create(
        worker=worker, counsellor=counsellor_a, station=tree["station_a1"], concern="family"
    )
    FollowUp.objects.create(
        case=case, kind="phone_call", due_on=today() - timedelta(days=2), assigned_to=counsellor_a
    )
    response = login(counsellor_a).get(reverse(DAY_URL))
    assert response.context["day"].overdue_count == 1
    assert "1 follow-up is overdue." in response.content.decode()


@pytest.mark.parametrize("persona", ["cadre_a", "cadre_b", "centre_admin", "analyst"])
def test_only_counsellors_have_a_day(
    login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    response = login(request.getfixturevalue(persona)).get(reverse(DAY_URL))
    assert response.status_code == 404


def test_a_worker_cannot_open_the_staff_day(login: Login, worker: User) -> None:
    response = login(worker).get(reverse(DAY_URL))
    assert response.status_code == 302  # to the staff login


def _fill(counsellor: User, station: OrgUnit, worker: User, n: int) -> None:
    base = today()
    for i in range(n):
        day = base + timedelta(days=i % 10)
        make_booking(counsellor, station, worker, at(day, 8 + i // 10, 0))
        if i % 3 == 0:
            make_booking(
                counsellor,
                station,
                worker,
                # Afternoons: the counsellor's sessions never overlap (PostgreSQL checks).
                at(day + timedelta(days=1), 13 + i // 10, 0),
                needs_attention=True,
            )
        WaitlistEntry.objects.create(worker=worker, station=station, day=day)


@pytest.mark.parametrize("size", [3, 30])
def test_the_day_has_a_query_budget(
    size: int,
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    django_assert_max_num_queries: Any,
) -> None:
    _fill(counsellor_a, tree["station_a1"], worker, size)
    client = login(counsellor_a)
    # session, user, TOTP, memberships, bookings, flagged, follow-ups, waitlist
    with django_assert_max_num_queries(8):
        response = client.get(reverse(DAY_URL))
    assert response.status_code == 200
    assert len(response.context["day"].today_bookings) >= 1
