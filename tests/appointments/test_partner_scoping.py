"""Partner API: the worker's phone travels in a header or the body, a partner sees and
changes only bookings made through it, never the reason, and every read is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Mode, Slot
from appointments.selectors import slots as slots_selectors
from network import services as network_services
from network.models import AuditEntry, OrgUnit, PartnerApp, PractitionerProfile, Scope
from tests.appointments.factories import weekly_rule
from tests.network import factories

pytestmark = pytest.mark.django_db

# A Monday morning in Shanghai: slots on the coming Tuesday are beyond every notice.
MONDAY = datetime(2026, 12, 7, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def slots(tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    return list(slots_selectors.free_slots())


@pytest.fixture
def make_app(db: None) -> Callable[..., tuple[PartnerApp, str]]:
    root = factories.superuser()

    def make(name: str = "工会App") -> tuple[PartnerApp, str]:
        return network_services.partner_app_create(
            actor=root, name=name, scopes=[Scope.BOOKINGS_WRITE], unit=None
        )

    return make


def auth(key: str, phone: str | None = None) -> dict[str, str]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    if phone is not None:
        headers["HTTP_X_WORKER_PHONE"] = phone
    return headers


def book(client: Client, key: str, slot: Slot, phone: str = "+8613800001234") -> Any:
    return client.post(
        "/api/v1/bookings/",
        {"worker_phone": phone, "slot": str(slot.public_id), "reason": "family"},
        content_type="application/json",
        **auth(key),
    )


def test_the_worker_phone_in_the_query_string_is_refused(
    client: Client, slots: list[Slot], make_app: Callable[..., tuple[PartnerApp, str]], worker: User
) -> None:
    _app, key = make_app()
    for params in ({"worker_phone": "+8613800001234"}, {"phone": "13800001234"}):
        response = client.get("/api/v1/bookings/", params, **auth(key))
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "phone_in_query"
        assert "X-Worker-Phone" in response.json()["error"]["message"]
    assert not AuditEntry.objects.filter(action="appointments.partner.bookings_read").exists()


def test_the_worker_phone_is_read_from_the_header_in_any_usual_spelling(
    client: Client, slots: list[Slot], make_app: Callable[..., tuple[PartnerApp, str]], worker: User
) -> None:
    _app, key = make_app()
    created = book(client, key, slots[0], phone="138 0000 1234")
    assert created.status_code == 201, created.json()
    for spelling in ("13800001234", "+86 138-0000-1234", "0086 138 0000 1234"):
        listed = client.get("/api/v1/bookings/", **auth(key, spelling))
        assert listed.status_code == 200
        assert [b["id"] for b in listed.json()] == [created.json()["id"]]
    missing = client.get("/api/v1/bookings/", **auth(key))
    assert missing.status_code == 400 and "worker_phone" in missing.json()["error"]["fields"]
    invalid = client.get("/api/v1/bookings/", **auth(key, "12345"))
    assert invalid.status_code == 400 and "worker_phone" in invalid.json()["error"]["fields"]


def test_a_partner_lists_only_bookings_made_through_it_without_the_reason(
    client: Client,
    slots: list[Slot],
    make_app: Callable[..., tuple[PartnerApp, str]],
    worker: User,
    settings: Any,
) -> None:
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 5
    app, key = make_app()
    _other, other_key = make_app("另一个App")
    portal = services.booking_create(actor=worker, worker=worker, slot=slots[0], reason="work")
    theirs = book(client, other_key, slots[1]).json()
    ours = book(client, key, slots[2])
    assert ours.status_code == 201
    assert "reason" not in ours.json()
    assert Booking.objects.get(public_id=ours.json()["id"]).partner_app == app

    listed = client.get("/api/v1/bookings/", **auth(key, worker.phone)).json()
    assert [b["id"] for b in listed] == [ours.json()["id"]]
    assert str(portal.public_id) not in str(listed) and theirs["id"] not in str(listed)
    assert all("reason" not in b for b in listed)


def test_a_partner_cannot_cancel_or_move_a_booking_it_did_not_make(
    client: Client, slots: list[Slot], make_app: Callable[..., tuple[PartnerApp, str]], worker: User
) -> None:
    _app, key = make_app()
    _other, other_key = make_app("另一个App")
    portal = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    theirs = book(client, other_key, slots[1]).json()
    for booking_id in (str(portal.public_id), theirs["id"]):
        cancel = client.post(f"/api/v1/bookings/{booking_id}/cancel/", **auth(key))
        assert cancel.status_code == 404
        move = client.post(
            f"/api/v1/bookings/{booking_id}/reschedule/",
            {"slot": str(slots[3].public_id)},
            content_type="application/json",
            **auth(key),
        )
        assert move.status_code == 404
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 2
    # The app that made it still can, and the moved booking stays its own.
    moved = client.post(
        f"/api/v1/bookings/{theirs['id']}/reschedule/",
        {"slot": str(slots[3].public_id)},
        content_type="application/json",
        **auth(other_key),
    )
    assert moved.status_code == 200 and "reason" not in moved.json()
    assert Booking.objects.get(public_id=moved.json()["id"]).partner_app == _other
    cancelled = client.post(f"/api/v1/bookings/{moved.json()['id']}/cancel/", **auth(other_key))
    assert cancelled.status_code == 200 and "reason" not in cancelled.json()


def test_every_partner_read_of_a_workers_bookings_is_audited_without_the_number(
    client: Client, slots: list[Slot], make_app: Callable[..., tuple[PartnerApp, str]], worker: User
) -> None:
    app, key = make_app()
    book(client, key, slots[0])
    client.get("/api/v1/bookings/", **auth(key, worker.phone))
    client.get("/api/v1/bookings/", **auth(key, "13800001234"))
    entries = list(AuditEntry.objects.filter(action="appointments.partner.bookings_read"))
    assert len(entries) == 2
    entry = entries[0]
    assert entry.partner_app == app and entry.actor is None
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(worker.pk))
    assert entry.details == {"count": 1}
    assert "13800001234" not in str(entry.details)


def test_the_schema_documents_the_header_and_no_phone_query_parameter(client: Client) -> None:
    import yaml

    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    operation = spec["paths"]["/api/v1/bookings/"]["get"]
    params = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
    assert ("header", "X-Worker-Phone") in params
    assert not any(where == "query" and "phone" in name for where, name in params)
    booking = spec["components"]["schemas"]["Booking"]
    assert "reason" not in booking["properties"]


def test_a_phone_session_through_the_api_needs_a_verified_phone(
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    make_app: Callable[..., tuple[PartnerApp, str]],
    worker: User,
) -> None:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=2, mode=Mode.PHONE)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = slots_selectors.free_slots().filter(mode=Mode.PHONE).first()
    assert slot is not None
    _app, key = make_app()
    assert book(client, key, slot).status_code == 201
