"""Query budgets of the appointments portal pages and partner API lists.

Each page is loaded at two data sizes (3 and 30 counsellors, slots and bookings)
under the same budget, so a query per row (N+1) fails at the larger size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import (
    Booking,
    Mode,
    Pod,
    PodBooking,
    PodBookingStatus,
    Room,
    Slot,
    WaitlistEntry,
    WaitlistStatus,
)
from appointments.selectors import slots
from appointments.views.portal.free_times import PAGE_SIZE
from core import clock
from network import services as network_services
from network.models import OrgUnit, PartnerApp, PractitionerProfile, Role, Scope
from tests.appointments.factories import weekly_rule
from tests.network import factories

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
MODES = [Mode.IN_PERSON, Mode.PHONE, Mode.ONLINE]  # counsellor A: in person
NEAR = "36.0700,120.3900"

# Budgets, the same at both sizes. Signed-in pages pay 2 queries for the session and
# the user.
SLOT_LIST = 4  # the form's choices (stations, counsellors, districts) + the slots
SLOT_LIST_FILTERED = 5  # + the chosen station or counsellor
# The stations nearest first with services, hours and exceptions (4), the soonest free
# time per station and those slots (2), the form's choices (3).
SLOT_LIST_NEAR = 9
MINE = 6  # session, user, bookings, waitlist entries, pod bookings upcoming and past
CONFIRMATION = 3  # session, user, the booking
API_SLOTS = 2  # count + page
API_SLOTS_BY_STATION = 3  # + the station
API_SLOTS_NEAR = 6  # as on the portal, without the form
API_SLOTS_WITH_KEY = 4  # + the partner key (lookup, last use)
API_COUNSELLORS = 2  # count + page
API_BOOKINGS = 5  # the partner key (lookup, last use), the worker, the bookings, the audit entry

Assert = Callable[..., Any]

# Office hours run 09:00-12:00: at 20:00 no slot is inside the 12-hour notice, so every
# slot is listed. At 08:45 the day's slots were generated but were not yet bookable.
EVENING = datetime(2026, 6, 10, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _evening() -> Iterator[None]:
    with time_machine.travel(EVENING, tick=False):
        yield


@pytest.fixture
def counsellors(
    request: pytest.FixtureRequest,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    second_counsellor: User,
    room: Room,
    settings: Any,
) -> list[User]:
    """`size` counsellors at stations A1 and B1, by turns in every mode, each with
    weekly office hours; counsellor A sees workers in person in the room, the second
    counsellor has no public profile."""
    size: int = request.param
    # Fast hashing: thirty counsellors should not cost thirty password hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    people = [counsellor_a, second_counsellor]
    for i in range(2, size):
        station = tree["station_a1"] if i % 2 else tree["station_b1"]
        people.append(
            factories.staff(f"counsellor{i}@example.com", Role.COUNSELLOR, station, totp=False)
        )
    for i, person in enumerate(people[:size]):
        if person != second_counsellor:
            PractitionerProfile.objects.create(
                user=person, display_name=f"老师{i}", is_public=True, offers_phone=True
            )
        station = tree["station_a1"] if i % 2 == 0 else tree["station_b1"]
        # Only counsellor A uses the room: a room cannot hold two sessions at once.
        in_room = person == counsellor_a
        weekly_rule(
            person,
            station,
            weekday=i % 7,
            mode=Mode.IN_PERSON if in_room else MODES[i % 3],
            room=room if in_room else None,
        )
        services.slots_regenerate(counsellor_id=person.pk)
    return people[:size]


@pytest.fixture
def bookings(counsellors: list[User], worker: User, settings: Any) -> list[Booking]:
    """As many bookings of the worker as there are counsellors (one with each), every
    third one cancelled."""
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 100
    made = []
    for person in counsellors:
        slot = slots.free_slots().filter(counsellor=person).first()
        assert slot is not None
        made.append(services.booking_create(actor=worker, worker=worker, slot=slot))
    for booking in made[::3]:
        services.booking_cancel(actor=worker, booking=booking)
    return made


@pytest.fixture
def waits_and_pods(
    bookings: list[Booking], worker: User, tree: dict[str, OrgUnit]
) -> tuple[list[WaitlistEntry], list[PodBooking]]:
    """Beside the bookings, one waitlist entry and one pod booking per three
    counsellors; the first entry holds an offered slot."""
    count = len(bookings) // 3 + 1
    stations = [tree["station_a1"], tree["station_b1"]]
    today = clock.today()
    entries = [
        WaitlistEntry.objects.create(
            worker=worker, station=stations[i % 2], day=today + timedelta(days=i + 1)
        )
        for i in range(count)
    ]
    offered = slots.free_slots().first()
    assert offered is not None
    entries[0].status = WaitlistStatus.OFFERED
    entries[0].offered_slot = offered
    entries[0].counsellor = offered.counsellor
    entries[0].offer_expires_at = timezone.now() + timedelta(minutes=30)
    entries[0].save()
    pod = Pod.objects.create(
        station=tree["station_a1"],
        name="情绪舱一",
        weekdays=list(range(7)),
        opens_at=time(8),
        closes_at=time(20),
    )
    start = timezone.now().replace(microsecond=0)
    pod_bookings = [
        PodBooking.objects.create(
            pod=pod,
            worker=worker,
            # Every other one in the past (used), the rest ahead.
            starts_at=start + timedelta(days=i + 1 if i % 2 else -i - 1),
            ends_at=start + timedelta(days=i + 1 if i % 2 else -i - 1, minutes=30),
            status=PodBookingStatus.BOOKED if i % 2 else PodBookingStatus.USED,
        )
        for i in range(count)
    ]
    return entries, pod_bookings


@pytest.fixture
def partner_key(tree: dict[str, OrgUnit]) -> str:
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(),
        name="工会App",
        scopes=[Scope.BOOKINGS_WRITE, Scope.STATIONS_READ],
    )
    return key


def _get(client: Client, url: str, data: dict[str, str] | None = None, **extra: str) -> Any:
    response = client.get(url, data or {}, **extra)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_free_slot_list_has_a_fixed_query_budget(
    client: Client,
    counsellors: list[User],
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Assert,
) -> None:
    url = reverse("appointments:slot_list")
    with django_assert_max_num_queries(SLOT_LIST):
        response = _get(client, url)
    # One page of free times (the list used to show up to 60 on one page).
    assert len(response.context["slots"]) == min(Slot.objects.count(), PAGE_SIZE)


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_filtered_slot_list_has_a_fixed_query_budget(
    client: Client,
    counsellors: list[User],
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Assert,
) -> None:
    url = reverse("appointments:slot_list")
    first = slots.free_slots().filter(counsellor=counsellors[0]).first()
    assert first is not None and first.station == tree["station_a1"]
    day = clock.local_date(first.starts_at)
    profile = PractitionerProfile.objects.get(user=counsellors[0])
    for filters in (
        {"station": str(tree["station_a1"].public_id)},
        {"mode": Mode.PHONE},
        {"station": str(tree["station_a1"].public_id), "date": day.isoformat()},
        {"counsellor": str(profile.public_id), "mode": first.mode},
    ):
        with django_assert_max_num_queries(SLOT_LIST_FILTERED):
            response = _get(client, url, filters)
        assert response.context["form"].is_valid(), filters
        assert response.context["slots"], filters


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_soonest_near_list_has_a_fixed_query_budget(
    client: Client, counsellors: list[User], django_assert_max_num_queries: Assert
) -> None:
    with django_assert_max_num_queries(SLOT_LIST_NEAR):
        response = _get(client, reverse("appointments:slot_list"), {"point": NEAR})
    assert response.context["near"]


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_my_bookings_has_a_fixed_query_budget(
    login: Callable[[User], Client],
    worker: User,
    bookings: list[Booking],
    waits_and_pods: tuple[list[WaitlistEntry], list[PodBooking]],
    django_assert_max_num_queries: Assert,
) -> None:
    client = login(worker)
    with django_assert_max_num_queries(MINE):
        response = _get(client, reverse("appointments:mine"))
    html = response.content.decode()
    entries, pod_bookings = waits_and_pods
    shown = [*bookings, *entries, *pod_bookings]
    assert all(str(item.public_id) in html for item in shown)


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_confirmation_has_a_fixed_query_budget(
    login: Callable[[User], Client],
    worker: User,
    bookings: list[Booking],
    django_assert_max_num_queries: Assert,
) -> None:
    client = login(worker)
    booking = bookings[-1]
    with django_assert_max_num_queries(CONFIRMATION):
        _get(client, reverse("appointments:confirmation", args=[booking.public_id]))


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_api_slot_list_has_a_fixed_query_budget(
    client: Client,
    counsellors: list[User],
    tree: dict[str, OrgUnit],
    partner_key: str,
    django_assert_max_num_queries: Assert,
) -> None:
    with django_assert_max_num_queries(API_SLOTS):
        listed = _get(client, "/api/v1/slots/", {"page_size": "200"}).json()
    assert len(listed["results"]) == min(listed["count"], 200) > 0
    with django_assert_max_num_queries(API_SLOTS_BY_STATION):
        _get(client, "/api/v1/slots/", {"station": str(tree["station_a1"].public_id)})
    with django_assert_max_num_queries(API_SLOTS_NEAR):
        near = _get(client, "/api/v1/slots/", {"near": NEAR}).json()
    assert near["results"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {partner_key}"}
    with django_assert_max_num_queries(API_SLOTS_WITH_KEY):
        by_key = _get(client, "/api/v1/slots/", {"mode": Mode.PHONE}, **auth).json()
    assert by_key["results"]


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_api_counsellor_list_has_a_fixed_query_budget(
    client: Client, counsellors: list[User], django_assert_max_num_queries: Assert
) -> None:
    with django_assert_max_num_queries(API_COUNSELLORS):
        listed = _get(client, "/api/v1/counsellors/").json()
    assert listed["count"] == len(counsellors) - 1  # the second one has no public profile


@pytest.mark.parametrize("counsellors", SIZES, indirect=True)
def test_the_api_booking_list_has_a_fixed_query_budget(
    client: Client,
    worker: User,
    bookings: list[Booking],
    partner_key: str,
    django_assert_max_num_queries: Assert,
) -> None:
    # A partner lists only the bookings made through it.
    Booking.objects.filter(worker=worker).update(partner_app=PartnerApp.objects.get())
    auth = {"HTTP_AUTHORIZATION": f"Bearer {partner_key}", "HTTP_X_WORKER_PHONE": worker.phone}
    with django_assert_max_num_queries(API_BOOKINGS):
        listed = _get(client, "/api/v1/bookings/", **auth).json()
    assert len(listed) == len(bookings)
