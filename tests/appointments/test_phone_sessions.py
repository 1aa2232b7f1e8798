"""A phone session needs a verified mobile number; confirmations promise only the
channels actually used (appointments.notifications.worker_channels)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Mode, Slot
from appointments.notifications import channels
from appointments.selectors import slots
from core import clock, sms
from network.models import OrgUnit
from tests.appointments.factories import open_case, weekly_rule
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 12, 7, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def phone_slot(tree: dict[str, OrgUnit], counsellor_a: User) -> Slot:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=3, mode=Mode.PHONE)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slot = slots.free_slots().filter(mode=Mode.PHONE).first()
    assert slot is not None
    return slot


@pytest.fixture
def in_person_slot(phone_slot: Slot) -> Slot:
    slot = slots.free_slots().filter(mode=Mode.IN_PERSON).first()
    assert slot is not None
    return slot


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize(
    ("phone", "verified"), [(None, False), ("+8613900001111", False)], ids=["none", "unverified"]
)
def test_the_service_refuses_a_phone_session_without_a_verified_number(
    phone_slot: Slot, phone: str | None, verified: bool
) -> None:
    worker = make_user("nophone@example.com", phone=phone, phone_verified=verified)
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_create(actor=worker, worker=worker, slot=phone_slot)
    assert refused.value.code == "phone_not_verified"
    assert not Booking.objects.exists()


def test_a_worker_with_a_verified_number_books_a_phone_session(
    phone_slot: Slot, worker: User
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=phone_slot)
    assert booking.status == BookingStatus.BOOKED


def test_the_phone_slot_page_explains_and_offers_to_add_a_number(
    client: Client, phone_slot: Slot
) -> None:
    worker = make_user("nophone@example.com")
    _signed_in(client, worker)
    url = reverse("appointments:book", args=[phone_slot.public_id])
    page = client.get(url).content.decode()
    assert "data-phone-needed" in page
    assert reverse("account_change_phone") in page
    assert "Confirm booking" not in page
    # Posting anyway is refused by the service, with the same explanation.
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "verified mobile number" in response.content.decode()
    assert not Booking.objects.exists()
    listing = client.get(reverse("appointments:slot_list"), {"mode": "phone"}).content.decode()
    assert "data-phone-needed" in listing


def test_without_a_verified_phone_the_confirmation_promises_e_mail_only(
    client: Client, in_person_slot: Slot, django_capture_on_commit_callbacks: Any
) -> None:
    worker = make_user("mailonly@example.com", phone="+8613900002222", phone_verified=False)
    _signed_in(client, worker)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:book", args=[in_person_slot.public_id]), {})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "by e-mail" in page and "SMS" not in page
    assert sms.outbox == []
    assert len(mail.outbox) == 1


def test_without_an_e_mail_the_confirmation_promises_sms_only(
    client: Client, in_person_slot: Slot, django_capture_on_commit_callbacks: Any
) -> None:
    worker = User.objects.create_user(
        username="smsonly", password="x", phone="+8613900003333", phone_verified=True
    )
    _signed_in(client, worker)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:book", args=[in_person_slot.public_id]), {})
    page = client.get(response["Location"]).content.decode()
    assert "by SMS." in page and "e-mail" not in page
    assert len(sms.outbox) == 1 and mail.outbox == []


def test_with_neither_the_confirmation_asks_to_keep_the_link(
    client: Client, in_person_slot: Slot, django_capture_on_commit_callbacks: Any
) -> None:
    worker = User.objects.create_user(username="nothing", password="x")
    _signed_in(client, worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:book", args=[in_person_slot.public_id]), {})
    page = client.get(response["Location"]).content.decode()
    assert "Keep this link" in page and "SMS" not in page and "by e-mail" not in page
    assert sms.outbox == [] and mail.outbox == []


def test_worker_channels_is_the_one_decision() -> None:
    verified = User(phone="+8613900004444", phone_verified=True, email="a@example.com")
    unverified = User(phone="+8613900004444", phone_verified=False, email="")
    assert channels.worker_channels(verified) == channels.Channels(sms=True, email=True)
    assert channels.worker_channels(unverified) == channels.Channels(sms=False, email=False)


def test_a_counsellor_cannot_book_a_phone_session_for_a_worker_without_a_verified_number(
    tree: dict[str, OrgUnit], counsellor_a: User, phone_slot: Slot
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from appointments import services
    from appointments.models import Case
    from core.errors import DomainError

    worker = make_user("nophone@example.com")
    starts = timezone.now() - timedelta(days=2)
    past = Slot.objects.create(
        counsellor=counsellor_a,
        station=tree["station_a1"],
        mode=Mode.IN_PERSON,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
    )
    attended = Booking.objects.create(
        slot=past,
        worker=worker,
        counsellor=counsellor_a,
        starts_at=past.starts_at,
        ends_at=past.ends_at,
        status=BookingStatus.ATTENDED,
    )
    case: Case = services.case_open(
        actor=counsellor_a,
        booking=attended,
        concern="work_stress",
        next_due_on=clock.today() + timedelta(days=3),
    )
    with pytest.raises(DomainError) as refused:
        services.case_book_session(actor=counsellor_a, case=case, slot=phone_slot)
    assert refused.value.code == "phone_not_verified"
    assert not Booking.objects.filter(slot=phone_slot).exists()


@pytest.mark.parametrize(
    ("extra", "promise"),
    [
        ({"phone": "+8613900005555", "phone_verified": True}, "confirmation by SMS and e-mail"),
        ({"phone": "+8613900005555", "phone_verified": False}, "confirmation by e-mail."),
    ],
    ids=["both", "unverified phone"],
)
def test_the_case_booking_page_promises_only_the_workers_channels(
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    login: Any,
    extra: dict[str, Any],
    promise: str,
) -> None:
    worker = make_user("caseworker@example.com", **extra)
    case = open_case(counsellor_a, worker, tree["station_a1"])
    page = login(counsellor_a).get(
        reverse("staff:appointments:case_book", kwargs={"public_id": case.public_id})
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert promise in html
    if not extra["phone_verified"]:
        assert "SMS" not in html
