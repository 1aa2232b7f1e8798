"""The .ics file of a booking: one UID for good, SEQUENCE on reschedule, METHOD:CANCEL.

Every file is parsed back with `icalendar`. Time is frozen: the cancel window
(APPOINTMENT_CANCEL_HOURS) decides whether a worker may move or cancel.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Event

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Slot
from appointments.notifications import bookings, ics, links
from appointments.selectors import slots as slots_selectors
from network.models import OrgUnit
from tests.appointments.factories import weekly_rule

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 09:00 in Beijing: Tuesday's and later Tuesdays' times are free.
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def slots(frozen: None, tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    found = list(slots_selectors.free_slots())
    assert len(found) >= 3
    return found


def _event(body: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(body)
    events = calendar.events
    assert len(events) == 1
    return calendar, events[0]


def _manage_ics(client: Client, booking: Booking) -> tuple[Calendar, Event]:
    token = links.manage_token(booking)
    response = client.get(reverse("appointments:manage_ics", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return _event(response.content)


def _reschedule(client: Client, booking: Booking, target: Slot) -> Booking:
    response = client.post(
        links.manage_path(booking), {"action": "reschedule", "slot": str(target.public_id)}
    )
    assert response.status_code == 302
    return Booking.objects.get(slot=target, status=BookingStatus.BOOKED)


def test_a_booking_is_one_published_event_in_utc_without_personal_data(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(
        actor=worker, worker=worker, slot=slots[0], reason="work_stress"
    )
    calendar, event = _manage_ics(client, booking)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(event["UID"]) == f"{booking.public_id}@xinling"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == booking.starts_at
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    assert event.decoded("DTEND") == booking.ends_at
    assert event.decoded("DTSTAMP") == NOW
    # Translated into the site's language (zh-hans), naming the station only.
    assert str(event["SUMMARY"]) == "心理咨询（面谈）"
    assert str(event["LOCATION"]) == "甲一心灵驿站"
    assert "甲一心灵驿站" in str(event["DESCRIPTION"])
    text = client.get(
        reverse("appointments:manage_ics", args=[links.manage_token(booking)])
    ).content.decode()
    assert "13800001234" not in text and "worker@example.com" not in text
    assert "work_stress" not in text and "工作压力" not in text


def test_the_portal_download_is_the_same_file(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    client.force_login(worker)
    portal = client.get(reverse("appointments:booking_ics", args=[booking.public_id]))
    token = links.manage_token(booking)
    manage = client.get(reverse("appointments:manage_ics", kwargs={"token": token}))
    assert portal.content == manage.content == ics.booking_calendar(booking)


def test_a_reschedule_keeps_the_uid_with_a_higher_sequence(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    _, before = _manage_ics(client, booking)

    moved = _reschedule(client, booking, slots[1])
    assert moved.pk != booking.pk
    calendar, after = _manage_ics(client, moved)
    assert calendar["METHOD"] == "PUBLISH"
    assert after["UID"] == before["UID"] == f"{booking.public_id}@xinling"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == slots[1].starts_at != before.decoded("DTSTART")

    # Moved again: still the first booking's UID, one revision on.
    again = _reschedule(client, moved, slots[2])
    _, third = _manage_ics(client, again)
    assert third["UID"] == before["UID"]
    assert third["SEQUENCE"] > after["SEQUENCE"]

    # The first booking's own link now gives the session as it is, never a cancellation.
    old_calendar, old = _manage_ics(client, booking)
    assert old_calendar["METHOD"] == "PUBLISH"
    assert old["UID"] == before["UID"] and old["SEQUENCE"] == third["SEQUENCE"]
    assert old.decoded("DTSTART") == slots[2].starts_at


def test_a_cancelled_booking_yields_method_cancel_with_the_same_uid(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    _, before = _manage_ics(client, booking)
    token = links.manage_token(booking)

    response = client.post(
        reverse("appointments:manage", kwargs={"token": token}),
        {"action": "cancel", "confirm": "yes"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED

    calendar, event = _manage_ics(client, booking)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == before["UID"]
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert event.decoded("DTSTART") == before.decoded("DTSTART")

    # The manage page of the cancelled booking offers the file that removes it.
    page = client.get(reverse("appointments:manage", kwargs={"token": token}))
    url = reverse("appointments:manage_ics", kwargs={"token": token})
    assert f'href="{url}"' in page.content.decode()


def test_a_moved_then_cancelled_session_cancels_the_one_event(
    client: Client, worker: User, counsellor_a: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    moved = _reschedule(client, booking, slots[1])
    _, published = _manage_ics(client, moved)

    # The counsellor cancels (no cancel window for staff).
    services.booking_cancel(actor=counsellor_a, booking=moved)
    client.force_login(worker)
    response = client.get(reverse("appointments:booking_ics", args=[moved.public_id]))
    calendar, event = _event(response.content)
    assert calendar["METHOD"] == "CANCEL"
    assert event["UID"] == published["UID"] == f"{booking.public_id}@xinling"
    assert event["SEQUENCE"] > published["SEQUENCE"]


def _attached_calendar(message: Any) -> bytes:
    files = [a for a in message.attachments if a[0] == "counselling.ics"]
    assert len(files) == 1 and files[0][2] == "text/calendar"
    content = files[0][1]
    return content.encode() if isinstance(content, str) else bytes(content)


def test_the_confirmation_mail_attaches_the_same_file_as_the_download(
    client: Client, worker: User, slots: list[Slot], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    assert len(mail.outbox) == 1
    assert _attached_calendar(mail.outbox[0]) == ics.booking_calendar(booking)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.booking_reschedule(actor=worker, booking=booking, new_slot=slots[1])
    assert len(mail.outbox) == 2
    _, event = _event(_attached_calendar(mail.outbox[1]))
    assert str(event["UID"]) == f"{booking.public_id}@xinling" and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == moved.starts_at


def test_the_counsellors_cancellation_mail_attaches_method_cancel(
    worker: User, counsellor_a: User, slots: list[Slot], django_capture_on_commit_callbacks: Any
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=counsellor_a, booking=booking)
    assert len(mail.outbox) == 1
    calendar, event = _event(_attached_calendar(mail.outbox[0]))
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == f"{booking.public_id}@xinling" and event["SEQUENCE"] == 1


def test_reminders_carry_no_calendar_file(
    worker: User, slots: list[Slot], django_capture_on_commit_callbacks: Any
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_notify(booking_id=booking.pk, purpose="reminder_day")
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments == []
