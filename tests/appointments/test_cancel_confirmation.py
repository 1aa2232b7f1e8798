"""Cancelling a booking cannot be undone (issue 10): the portal, the manage link and the
counsellor's page each ask for a ticked box (no JavaScript needed); a POST without it
changes nothing and answers the confirmation step with 400."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments.models import Booking, BookingStatus
from appointments.notifications import links
from network.models import OrgUnit
from tests.appointments.factories import make_booking
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CHECKBOX = 'type="checkbox" name="confirm" value="yes" required'


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def booking(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    starts = datetime.combine(NOW.date() + timedelta(days=2), time(9), tzinfo=NOW.tzinfo)
    return make_booking(counsellor_a, tree["station_a1"], worker, starts_at=starts)


def still_booked(booking: Booking) -> bool:
    booking.refresh_from_db()
    return booking.status == BookingStatus.BOOKED


def test_my_bookings_cancel_needs_the_box_ticked(
    client: Client, worker: User, booking: Booking
) -> None:
    client.force_login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    listing = client.get(reverse("appointments:mine")).content.decode()
    assert CHECKBOX in listing
    target = reverse("appointments:cancel", args=[booking.public_id])
    step = client.get(target)
    assert step.status_code == 200 and CHECKBOX in step.content.decode()
    refused = client.post(target)
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.content.decode()
    assert still_booked(booking)
    assert client.post(target, {"confirm": "yes"}).status_code == 302
    assert not still_booked(booking)


def test_the_manage_link_cancel_needs_the_box_ticked(client: Client, booking: Booking) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    target = links.manage_path(booking)
    assert CHECKBOX in client.get(target).content.decode()
    refused = client.post(target, {"action": "cancel"})
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.content.decode()
    assert 'name="action" value="cancel"' in refused.content.decode()
    assert still_booked(booking)
    done = client.post(target, {"action": "cancel", "confirm": "yes"})
    assert done.status_code == 302 and not still_booked(booking)


def test_the_counsellor_cancel_needs_the_box_ticked(
    login: Login, counsellor_a: User, booking: Booking
) -> None:
    client = login(counsellor_a)
    page = client.get(reverse("staff:appointments:booking", args=[booking.public_id]))
    assert CHECKBOX in page.content.decode()
    target = reverse("staff:appointments:booking_cancel", args=[booking.public_id])
    refused = client.post(target)
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.content.decode()
    assert still_booked(booking)
    assert client.post(target, {"confirm": "yes"}).status_code == 302
    assert not still_booked(booking)
