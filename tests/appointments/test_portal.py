"""The worker portal: browse free times, book, confirm, manage by the personal link."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Mode, Slot
from appointments.notifications import links
from appointments.selectors import slots as slots_selectors
from core import clock, sms
from network.models import OrgUnit, PractitionerProfile
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=3, mode=Mode.PHONE)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    return list(slots_selectors.free_slots())


@pytest.fixture
def worker_client(client: Client, worker: User) -> Client:
    client.force_login(worker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _book(client: Client, slot: Slot, reason: str = "") -> Booking:
    response = client.post(reverse("appointments:book", args=[slot.public_id]), {"reason": reason})
    assert response.status_code == 302, response.content[:500]
    return Booking.objects.get(slot=slot, status=BookingStatus.BOOKED)


def test_free_times_are_listed_with_counsellor_station_and_local_time(
    client: Client, slots: list[Slot]
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("appointments:slot_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王老师" in html and "甲一心灵驿站" in html
    first = clock.local(slots[0].starts_at)
    assert first.strftime("%H:%M") in html
    assert "counsellor.a@example.com" not in html


def test_filters_by_mode_station_and_date(client: Client, slots: list[Slot]) -> None:
    phone = [s for s in slots if s.mode == Mode.PHONE]
    response = client.get(reverse("appointments:slot_list"), {"mode": "phone"})
    assert [s.pk for s in response.context["slots"]] == [s.pk for s in phone][:60]
    day = clock.local_date(phone[0].starts_at)
    response = client.get(
        reverse("appointments:slot_list"),
        {"date": day.isoformat(), "station": str(phone[0].station.public_id)},
    )
    listed = response.context["slots"]
    assert listed and all(clock.local_date(s.starts_at) == day for s in listed)
    response = client.get(
        reverse("appointments:slot_list"),
        {"counsellor": str(phone[0].counsellor.practitioner.public_id)},
    )
    assert response.context["slots"]


def test_soonest_near_a_point_lists_the_nearest_stations_soonest_slot(
    client: Client, slots: list[Slot], tree: dict[str, OrgUnit]
) -> None:
    response = client.get(reverse("appointments:slot_list"), {"point": "36.07,120.39"})
    near = response.context["near"]
    assert near and near[0].slot == slots[0]
    response = client.get(
        reverse("appointments:slot_list"), {"from_district": str(tree["district_a"].public_id)}
    )
    assert response.context["near"][0].slot == slots[0]


def test_booking_needs_a_signed_in_worker(client: Client, slots: list[Slot]) -> None:
    response = client.post(reverse("appointments:book", args=[slots[0].public_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_booking_confirms_on_screen_by_sms_and_mail_with_the_manage_link(
    worker_client: Client, slots: list[Slot], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(worker_client, slots[0], "work_stress")
    assert booking.reason == "work_stress"
    page = worker_client.get(reverse("appointments:confirmation", args=[booking.public_id]))
    html = page.content.decode()
    assert page.status_code == 200 and "甲一心灵驿站" in html
    manage = re.search(r'href="(http://testserver/appointments/manage/[^"]+/)"', html)
    assert manage is not None
    assert len(sms.outbox) == 1 and sms.outbox[0].to == "+8613800001234"
    assert "/appointments/manage/" in sms.outbox[0].text
    assert len(mail.outbox) == 1 and "/appointments/manage/" in mail.outbox[0].body
    ics = re.search(r'href="(/appointments/manage/[^"]+/calendar\.ics)"', html)
    assert ics is not None
    response = worker_client.get(ics.group(1))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "END:VCALENDAR\r\n" in text
    start_utc = booking.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start_utc}\r\n" in text
    assert f"UID:{booking.public_id}@xinling" in text
    assert "worker@example.com" not in text and "13800001234" not in text


def test_the_loser_of_a_race_sees_a_clear_message_and_alternatives(
    worker_client: Client, slots: list[Slot]
) -> None:
    other = make_user("other@example.com", phone="+8613900009999", phone_verified=True)
    services.booking_create(actor=other, worker=other, slot=slots[0])
    response = worker_client.post(reverse("appointments:book", args=[slots[0].public_id]))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else has just booked this time" in html
    assert len(response.context["alts"]) == 3
    assert str(response.context["alts"][0].public_id) in html


def test_manage_link_cancels_and_frees_the_slot(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    url = links.manage_path(booking)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "cancel", "confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert slots_selectors.free_slots().filter(pk=slots[0].pk).exists()


def test_manage_link_reschedules_at_the_same_station(
    client: Client, worker: User, slots: list[Slot]
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    target = next(s for s in slots[1:] if s.mode == slots[0].mode)
    response = client.post(
        links.manage_path(booking), {"action": "reschedule", "slot": str(target.public_id)}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert Booking.objects.get(slot=target, status=BookingStatus.BOOKED).worker == worker


@pytest.mark.parametrize("kind", ["tampered", "wrong_salt", "wrong_purpose", "expired"])
def test_bad_manage_tokens_are_404(
    client: Client, worker: User, slots: list[Slot], kind: str
) -> None:
    booking = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    token = links.manage_token(booking)
    if kind == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif kind == "wrong_salt":
        token = signing.dumps({"b": str(booking.public_id), "p": "manage"}, salt="other")
    elif kind == "wrong_purpose":
        token = signing.dumps(
            {"b": str(booking.public_id), "p": "view"}, salt="appointments.manage"
        )
    else:
        past = timezone.now() - timedelta(minutes=5)
        Booking.objects.filter(pk=booking.pk).update(starts_at=past)
    url = reverse("appointments:manage", kwargs={"token": token})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel", "confirm": "yes"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_my_bookings_shows_only_mine_and_cancels(
    worker_client: Client, worker: User, slots: list[Slot]
) -> None:
    mine = services.booking_create(actor=worker, worker=worker, slot=slots[0])
    other = make_user("other@example.com", phone="+8613900009999", phone_verified=True)
    theirs = services.booking_create(actor=other, worker=other, slot=slots[1])
    response = worker_client.get(reverse("appointments:mine"))
    html = response.content.decode()
    assert str(mine.public_id) in html and str(theirs.public_id) not in html
    assert (
        worker_client.post(
            reverse("appointments:cancel", args=[theirs.public_id]), {"confirm": "yes"}
        ).status_code
        == 404
    )
    worker_client.post(reverse("appointments:cancel", args=[mine.public_id]), {"confirm": "yes"})
    mine.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", 'lang="zh-Hans"'), ("en", "Book a counselling session")]
)
def test_the_portal_speaks_both_languages(
    client: Client, slots: list[Slot], language: str, title: str
) -> None:
    response = client.get(reverse("appointments:slot_list"), HTTP_ACCEPT_LANGUAGE=language)
    assert title in response.content.decode()
