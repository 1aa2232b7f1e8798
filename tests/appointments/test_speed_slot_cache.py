"""Free slots from core.public_cache: no query after the first request, and a booked slot,
new office hours or a renamed counsellor are served fresh on the next request."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Booking, Slot
from appointments.selectors import slots as slots_selectors
from network import services as network_services
from network.models import OrgUnit, PractitionerProfile, Scope
from tests.appointments.factories import weekly_rule
from tests.network import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/slots/"


@pytest.fixture
def key(db: None) -> str:
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(),
        name="工会App",
        scopes=[Scope.BOOKINGS_WRITE, Scope.STATIONS_READ],
    )
    return key


@pytest.fixture
def free(tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    return list(slots_selectors.free_slots())


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def ids(client: Client, key: str) -> list[str]:
    return [s["id"] for s in client.get(URL, **auth(key)).json()["results"]]  # type: ignore[arg-type]


def test_the_second_slot_list_makes_no_query(client: Client, key: str, free: list[Slot]) -> None:
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        first = client.get(URL, **auth(key))  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as queries:
            again = client.get(URL, **auth(key))  # type: ignore[arg-type]
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and first.json()["count"] == len(free)
    assert len(queries) == 0


def test_a_booked_slot_leaves_the_cached_list_at_once(
    client: Client, key: str, free: list[Slot], worker: User
) -> None:
    assert ids(client, key)[0] == str(free[0].public_id)
    assert str(free[0].public_id) in ids(client, key)  # cached now
    response = client.post(
        "/api/v1/bookings/",
        {"worker_phone": worker.phone, "slot": str(free[0].public_id), "reason": "family"},
        content_type="application/json",
        **auth(key),  # type: ignore[arg-type]
    )
    assert response.status_code == 201
    assert str(free[0].public_id) not in ids(client, key)
    booking = Booking.objects.get(slot=free[0])
    services.booking_cancel(actor=worker, booking=booking)
    assert str(free[0].public_id) in ids(client, key)


def test_new_office_hours_and_a_renamed_counsellor_show_at_once(
    client: Client, key: str, free: list[Slot], tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    before = client.get(URL, **auth(key)).json()  # type: ignore[arg-type]
    weekly_rule(counsellor_a, tree["station_a1"], weekday=3)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)  # bulk_create: bumps itself
    after = client.get(URL, **auth(key)).json()  # type: ignore[arg-type]
    assert after["count"] > before["count"]
    profile = PractitionerProfile.objects.get(user=counsellor_a)
    profile.display_name = "李老师"
    profile.save()
    renamed = client.get(URL, **auth(key)).json()  # type: ignore[arg-type]
    assert {s["counsellor"]["display_name"] for s in renamed["results"]} == {"李老师"}


def test_a_cached_page_keeps_its_own_links(client: Client, key: str, free: list[Slot]) -> None:
    pages = [client.get(URL, {"page_size": 1, "page": n}, **auth(key)).json() for n in (1, 2, 2)]
    assert pages[0]["next"] == "http://testserver/api/v1/slots/?page=2&page_size=1"
    assert pages[0]["previous"] is None and pages[0]["count"] == len(free)
    assert pages[2] == pages[1]  # the second from the cache
    assert pages[1]["previous"] == "http://testserver/api/v1/slots/?page_size=1"
    assert pages[1]["results"][0]["id"] == str(free[1].public_id)
