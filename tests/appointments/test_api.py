"""Partner API of appointments: counsellors, free slots, bookings for a verified worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Mode, Slot
from appointments.selectors import slots as slots_selectors
from network import services as network_services
from network.models import OrgUnit, PractitionerProfile, Scope
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user
from tests.network import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    return list(slots_selectors.free_slots())


@pytest.fixture
def b_slots(tree: dict[str, OrgUnit]) -> list[Slot]:
    counsellor = factories.staff("counsellor.b1@example.com", "counsellor", tree["station_b1"])
    weekly_rule(counsellor, tree["station_b1"], weekday=2, mode=Mode.PHONE)
    services.slots_regenerate(counsellor_id=counsellor.pk)
    return list(slots_selectors.free_slots().filter(station=tree["station_b1"]))


@pytest.fixture
def make_key(db: None) -> Callable[..., str]:
    root = factories.superuser()

    def make(scopes: tuple[str, ...] = (Scope.BOOKINGS_WRITE,), unit: OrgUnit | None = None) -> str:
        _app, key = network_services.partner_app_create(
            actor=root, name="工会App", scopes=list(scopes), unit=unit
        )
        return key

    return make


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def book(client: Client, key: str, slot: Slot, phone: str = "+8613800001234") -> Any:
    return client.post(
        "/api/v1/bookings/",
        {"worker_phone": phone, "slot": str(slot.public_id), "reason": "family"},
        content_type="application/json",
        **auth(key),
    )


def test_anyone_reads_public_counsellors_and_free_slots(
    client: Client, slots: list[Slot], tree: dict[str, OrgUnit]
) -> None:
    factories.staff("hidden@example.com", "counsellor", tree["station_a1"])
    counsellors = client.get("/api/v1/counsellors/").json()["results"]
    assert [c["display_name"] for c in counsellors] == ["王老师"]
    assert "email" not in counsellors[0]
    # Named by the profile's public id, never by a username that may echo an e-mail.
    profile = PractitionerProfile.objects.get(display_name="王老师")
    assert counsellors[0]["id"] == str(profile.public_id)
    assert profile.user.username not in str(counsellors)
    listed = client.get("/api/v1/slots/", {"station": str(tree["station_a1"].public_id)}).json()
    assert listed["results"][0]["id"] == str(slots[0].public_id)
    assert listed["results"][0]["counsellor"]["display_name"] == "王老师"
    assert client.get("/api/v1/slots/", {"mode": "phone"}).json()["results"] == []
    near = client.get("/api/v1/slots/", {"near": "36.07,120.39"}).json()["results"]
    assert [s["id"] for s in near] == [str(slots[0].public_id)]
    bad = client.get("/api/v1/slots/", {"near": "x"})
    assert bad.status_code == 400 and "near" in bad.json()["error"]["fields"]


def test_bookings_need_a_partner_key_with_the_bookings_scope(
    client: Client, slots: list[Slot], make_key: Callable[..., str], worker: User
) -> None:
    anonymous = client.post("/api/v1/bookings/", {}, content_type="application/json")
    assert anonymous.status_code == 401
    assert client.get("/api/v1/bookings/", HTTP_X_WORKER_PHONE=worker.phone).status_code == 401
    assert book(client, "wrong-key", slots[0]).status_code == 401
    reader = make_key(scopes=(Scope.STATIONS_READ,))
    refused = book(client, reader, slots[0])
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "scope_missing"
    assert not Booking.objects.exists()


def test_partner_books_cancels_and_lists_for_a_verified_worker(
    client: Client, slots: list[Slot], make_key: Callable[..., str], worker: User
) -> None:
    key = make_key()
    created = book(client, key, slots[0])
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["slot"] == str(slots[0].public_id) and body["status"] == "booked"
    assert "notes" not in body and "worker" not in body
    listed = client.get("/api/v1/bookings/", HTTP_X_WORKER_PHONE=worker.phone, **auth(key))
    assert [b["id"] for b in listed.json()] == [body["id"]]
    target = slots[1]
    moved = client.post(
        f"/api/v1/bookings/{body['id']}/reschedule/",
        {"slot": str(target.public_id)},
        content_type="application/json",
        **auth(key),
    )
    assert moved.status_code == 200 and moved.json()["slot"] == str(target.public_id)
    cancelled = client.post(f"/api/v1/bookings/{moved.json()['id']}/cancel/", **auth(key))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert not Booking.objects.filter(status=BookingStatus.BOOKED).exists()


def test_unverified_or_unknown_phone_is_a_field_error(
    client: Client, slots: list[Slot], make_key: Callable[..., str]
) -> None:
    make_user("unverified@example.com", phone="+8613900000000", phone_verified=False)
    key = make_key()
    for phone in ("+8613900000000", "+8613700000000"):
        response = book(client, key, slots[0], phone=phone)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation_error"
        assert "worker_phone" in response.json()["error"]["fields"]
    assert not Booking.objects.exists()


def test_the_race_loser_gets_409_with_alternatives(
    client: Client, slots: list[Slot], make_key: Callable[..., str], worker: User
) -> None:
    first = make_user("first@example.com")
    services.booking_create(actor=first, worker=first, slot=slots[0])
    response = book(client, make_key(), slots[0])
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "slot_taken"
    assert [a["id"] for a in error["alternatives"]] == [str(s.public_id) for s in slots[1:4]]


def test_a_unit_limited_partner_sees_and_books_only_its_subtree(
    client: Client,
    slots: list[Slot],
    b_slots: list[Slot],
    make_key: Callable[..., str],
    tree: dict[str, OrgUnit],
    worker: User,
) -> None:
    key = make_key(scopes=(Scope.BOOKINGS_WRITE, Scope.STATIONS_READ), unit=tree["district_b"])
    seen = client.get("/api/v1/slots/", {"page_size": 200}, **auth(key)).json()["results"]
    assert seen and {s["station"]["id"] for s in seen} == {str(tree["station_b1"].public_id)}
    refused = book(client, key, slots[0])
    assert refused.status_code == 400 and "slot" in refused.json()["error"]["fields"]
    outside = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    assert (
        client.post(f"/api/v1/bookings/{outside.public_id}/cancel/", **auth(key)).status_code == 404
    )
    assert book(client, key, b_slots[0]).status_code == 201
    listed = client.get("/api/v1/bookings/", HTTP_X_WORKER_PHONE=worker.phone, **auth(key)).json()
    assert [b["slot"] for b in listed] == [str(b_slots[0].public_id)]


def _queries(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("weeks", [1, 3])
def test_list_query_budgets_do_not_grow_with_size(
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    make_key: Callable[..., str],
    worker: User,
    weeks: int,
) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    for day in range(weeks):
        weekly_rule(counsellor_a, tree["station_a1"], weekday=day)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    free = list(slots_selectors.free_slots())
    for slot in free[:2]:
        services.booking_create(actor=worker, worker=worker, slot=slot)
    key = make_key()
    assert _queries(client, "/api/v1/slots/") <= 3
    assert _queries(client, "/api/v1/counsellors/") <= 3
    # Authentication (key lookup, last-used mark) + worker + bookings.
    # The read is audited: one more write.
    headers = {**auth(key), "HTTP_X_WORKER_PHONE": "+8613800001234"}
    assert _queries(client, "/api/v1/bookings/", **headers) <= 7


def test_schema_still_validates(client: Client) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    validate(spec)
    for path in ("/api/v1/slots/", "/api/v1/bookings/", "/api/v1/bookings/{id}/reschedule/"):
        assert path in spec["paths"]


def test_an_online_booking_carries_the_meeting_link_once_the_counsellor_sets_it(
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    make_key: Callable[..., str],
    worker: User,
) -> None:
    from appointments import services

    weekly_rule(counsellor_a, tree["station_a1"], weekday=3, mode=Mode.ONLINE)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    key = make_key()
    created = book(client, key, slots_selectors.free_slots().filter(mode=Mode.ONLINE).first())
    assert created.status_code == 201 and created.json()["meeting_link"] == ""
    booking = Booking.objects.get(public_id=created.json()["id"])
    services.booking_meeting_link_set(
        actor=counsellor_a, booking=booking, link="https://meet.example.cn/r/abc"
    )
    listed = client.get("/api/v1/bookings/", HTTP_X_WORKER_PHONE=worker.phone, **auth(key))
    assert listed.json()[0]["meeting_link"] == "https://meet.example.cn/r/abc"
