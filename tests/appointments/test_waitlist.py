"""The waitlist: a freed slot is held for the first waiting worker, then the next."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, Mode, Slot, WaitlistEntry, WaitlistStatus
from appointments.selectors import slots as slots_selectors
from core import clock, sms
from network.models import OrgUnit, PractitionerProfile
from tests.appointments.factories import weekly_rule
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@dataclass
class FullDay:
    day: date
    station: OrgUnit
    slots: list[Slot]
    bookings: list[Booking]
    bookers: list[User]


def _local_day(slot: Slot) -> date:
    return clock.local_date(slot.starts_at)


def _worker(n: int) -> User:
    return make_user(f"waiting{n}@example.com", phone=f"+861390000{n:04d}", phone_verified=True)


@pytest.fixture
def full_day(tree: dict[str, OrgUnit], counsellor_a: User) -> FullDay:
    """A day three days ahead at station A1 whose three sessions are all booked."""
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    day = clock.today() + timedelta(days=3)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=day.weekday())
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slots = [s for s in slots_selectors.free_slots() if _local_day(s) == day]
    assert len(slots) == 3
    bookers = [make_user(f"booker{i}@example.com") for i in range(len(slots))]
    bookings = [
        services.booking_create(actor=booker, worker=booker, slot=slot)
        for booker, slot in zip(bookers, slots, strict=True)
    ]
    return FullDay(day, tree["station_a1"], slots, bookings, bookers)


def _cancel(full: FullDay, index: int, capture: object) -> Slot:
    with capture(execute=True):  # type: ignore[operator]
        services.booking_cancel(actor=full.bookers[index], booking=full.bookings[index])
    return full.slots[index]


def _join(full: FullDay, user: User, **extra: object) -> WaitlistEntry:
    return services.waitlist_join(actor=user, station=full.station, day=full.day, **extra)  # type: ignore[arg-type]


def _client(client: Client, user: User, lang: str = "en") -> Client:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    return client


def test_a_cancelled_booking_is_offered_to_the_first_waiting_worker_and_held(
    full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    first = _join(full_day, worker)
    second = _join(full_day, _worker(2))
    mail.outbox.clear()

    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.OFFERED and first.offered_slot_id == slot.pk
    assert first.offer_expires_at is not None and first.offer_expires_at > timezone.now()
    assert second.status == WaitlistStatus.WAITING
    # Told by SMS (to the offered worker only) and e-mail, with the offer page's link.
    assert [m.to for m in sms.outbox] == [worker.phone]
    assert str(first.public_id) in sms.outbox[0].text
    assert [m.to for m in mail.outbox] == [[worker.email]]
    # Held: hidden from the free slots, and anyone else's booking is a 409.
    assert not slots_selectors.free_slots().filter(pk=slot.pk).exists()
    other = _worker(3)
    with pytest.raises(services.SlotTaken) as caught:
        services.booking_create(actor=other, worker=other, slot=slot)
    assert caught.value.status == 409 and caught.value.code == "slot_taken"
    assert not Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).exists()


def test_another_worker_booking_the_held_slot_in_the_portal_gets_409(
    client: Client, full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    _join(full_day, worker)
    slot = _cancel(full_day, 1, django_capture_on_commit_callbacks)
    response = _client(client, _worker(4)).post(reverse("appointments:book", args=[slot.public_id]))
    assert response.status_code == 409


def test_the_offered_worker_accepts_and_is_booked(
    client: Client, full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    entry = _join(full_day, worker)
    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)
    page = _client(client, worker).get(
        reverse("appointments:waitlist_offer", args=[entry.public_id])
    )
    assert page.status_code == 200 and "Accept this time" in page.content.decode()

    response = client.post(reverse("appointments:waitlist_accept", args=[entry.public_id]))

    booking = Booking.objects.get(slot=slot, status=BookingStatus.BOOKED)
    assert booking.worker == worker
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:confirmation", args=[booking.public_id])
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.BOOKED


def test_accepting_respects_the_limit_of_open_bookings(
    full_day: FullDay, worker: User, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.APPOINTMENT_MAX_OPEN_BOOKINGS = 0  # type: ignore[attr-defined]
    entry = _join(full_day, worker)
    _cancel(full_day, 0, django_capture_on_commit_callbacks)
    entry.refresh_from_db()
    with pytest.raises(services.BookingRefused):
        services.waitlist_offer_accept(actor=worker, entry=entry)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED


def test_an_expired_offer_passes_to_the_next_worker(
    full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    first = _join(full_day, worker)
    next_worker = _worker(5)
    second = _join(full_day, next_worker)
    slot = _cancel(full_day, 2, django_capture_on_commit_callbacks)
    sms.outbox.clear()
    WaitlistEntry.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.offers_expire() == 1
        assert services.offers_expire() == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.EXPIRED
    assert second.status == WaitlistStatus.OFFERED and second.offered_slot_id == slot.pk
    assert [m.to for m in sms.outbox] == [next_worker.phone]
    # The first worker's old offer no longer lets them book the held slot.
    with pytest.raises(services.SlotTaken):
        services.booking_create(actor=worker, worker=worker, slot=slot)


def test_declining_passes_the_slot_on_and_keeps_the_worker_waiting(
    client: Client, full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    first = _join(full_day, worker)
    other = _worker(6)
    second = _join(full_day, other)
    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = _client(client, worker).post(
            reverse("appointments:waitlist_decline", args=[first.public_id])
        )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.WAITING
    assert second.status == WaitlistStatus.OFFERED and second.offered_slot_id == slot.pk

    # The second declines too: nobody else is waiting, and the first is not offered the
    # slot they declined again, so the slot is free for anyone.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.waitlist_offer_decline(actor=other, entry=second)
    first.refresh_from_db()
    assert first.status == WaitlistStatus.WAITING
    assert slots_selectors.free_slots().filter(pk=slot.pk).exists()


def test_with_nobody_waiting_the_slot_is_free_again_at_once(
    full_day: FullDay, django_capture_on_commit_callbacks: object
) -> None:
    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)
    assert slots_selectors.free_slots().filter(pk=slot.pk).exists()
    assert sms.outbox == []


def test_slot_freed_twice_makes_one_offer(
    full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    _join(full_day, worker)
    _join(full_day, _worker(7))
    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.slot_freed(slot_id=slot.pk)
        services.slot_freed(slot_id=slot.pk)
    assert WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED).count() == 1
    assert len(sms.outbox) == 1
    # A booked slot is never offered.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.slot_freed(slot_id=full_day.slots[1].pk)
    assert WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED).count() == 1


def test_workers_already_booked_with_that_counsellor_or_waiting_for_another_are_skipped(
    full_day: FullDay,
    worker: User,
    second_counsellor: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    already_booked = _join(full_day, full_day.bookers[1])
    other_counsellor = _join(full_day, _worker(8), counsellor=second_counsellor)
    other_mode = _join(full_day, _worker(9), mode=Mode.PHONE)
    fitting = _join(full_day, worker, mode=Mode.IN_PERSON)

    slot = _cancel(full_day, 0, django_capture_on_commit_callbacks)

    statuses = {
        e.pk: e.status
        for e in WaitlistEntry.objects.filter(
            pk__in=[already_booked.pk, other_counsellor.pk, other_mode.pk, fitting.pk]
        )
    }
    assert statuses[fitting.pk] == WaitlistStatus.OFFERED
    assert {
        statuses[already_booked.pk],
        statuses[other_counsellor.pk],
        statuses[other_mode.pk],
    } == {WaitlistStatus.WAITING}
    assert WaitlistEntry.objects.get(pk=fitting.pk).offered_slot_id == slot.pk


def test_joining_a_day_with_a_free_time_is_refused(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User
) -> None:
    day = clock.today() + timedelta(days=3)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=day.weekday())
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    with pytest.raises(services.WaitlistRefused) as caught:
        services.waitlist_join(actor=worker, station=tree["station_a1"], day=day)
    assert caught.value.code == "waitlist_free_time"


def test_someone_elses_entry_is_not_found(
    client: Client, full_day: FullDay, worker: User, django_capture_on_commit_callbacks: object
) -> None:
    entry = _join(full_day, worker)
    _cancel(full_day, 0, django_capture_on_commit_callbacks)
    intruder = _client(client, _worker(10))
    assert (
        intruder.get(reverse("appointments:waitlist_offer", args=[entry.public_id])).status_code
        == 404
    )
    for name in ("waitlist_accept", "waitlist_decline", "waitlist_leave"):
        assert (
            intruder.post(reverse(f"appointments:{name}", args=[entry.public_id])).status_code
            == 404
        )
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert not Booking.objects.filter(worker__email="waiting10@example.com").exists()


def test_portal_join_from_the_empty_day_then_leave_in_english(
    client: Client, full_day: FullDay, worker: User
) -> None:
    c = _client(client, worker)
    search = c.get(
        reverse("appointments:slot_list"),
        {"station": str(full_day.station.public_id), "date": full_day.day.isoformat()},
    )
    html = search.content.decode()
    assert "Join the waitlist" in html and 'action="/appointments/waitlist/join/"' in html

    response = c.post(
        reverse("appointments:waitlist_join"),
        {"station": str(full_day.station.public_id), "day": full_day.day.isoformat(), "mode": ""},
    )
    entry = WaitlistEntry.objects.get(worker=worker)
    assert response.status_code == 302
    assert entry.status == WaitlistStatus.WAITING and entry.day == full_day.day

    mine = c.get(reverse("appointments:mine")).content.decode()
    assert "Waiting for a time at 甲一心灵驿站" in mine
    assert reverse("appointments:waitlist_leave", args=[entry.public_id]) in mine

    c.post(reverse("appointments:waitlist_leave", args=[entry.public_id]))
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.LEFT
    assert "Waiting for a time at" not in c.get(reverse("appointments:mine")).content.decode()


def test_portal_join_page_in_simplified_chinese(
    client: Client, full_day: FullDay, worker: User
) -> None:
    c = _client(client, worker, lang="zh-hans")
    response = c.get(
        reverse("appointments:waitlist_join"),
        {"station": str(full_day.station.public_id), "day": full_day.day.isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    with translation.override("zh-hans"):
        assert translation.gettext("Join the waitlist") in html
        assert translation.gettext("Station") in html
    assert "甲一心灵驿站" in html
    # Joining answers in Chinese too.
    response = c.post(
        reverse("appointments:waitlist_join"),
        {"station": str(full_day.station.public_id), "day": full_day.day.isoformat()},
        follow=True,
    )
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "You are on the waitlist. We will send you a message when a time is free."
        )
    assert expected in response.content.decode()
    assert WaitlistEntry.objects.filter(worker=worker, status=WaitlistStatus.WAITING).exists()


def test_joining_twice_keeps_one_entry_and_a_past_day_is_refused(
    full_day: FullDay, worker: User
) -> None:
    first = _join(full_day, worker)
    assert _join(full_day, worker).pk == first.pk
    with pytest.raises(services.WaitlistRefused):
        services.waitlist_join(
            actor=worker, station=full_day.station, day=full_day.day - timedelta(days=5)
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_frees_make_one_offer_per_slot_and_never_two_for_one_worker(
    tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    day = clock.today() + timedelta(days=3)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=day.weekday())
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    slots = [s for s in slots_selectors.free_slots() if _local_day(s) == day]
    for n, slot in enumerate(slots):
        Booking.objects.create(
            slot=slot,
            worker=make_user(f"holder{n}@example.com"),
            counsellor=counsellor_a,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            status=BookingStatus.CANCELLED,
        )
    # Three workers wait; their slots were freed but never offered (as after a lost task).
    entries = [
        WaitlistEntry.objects.create(worker=_worker(20 + n), station=tree["station_a1"], day=day)
        for n in range(len(slots))
    ]
    # Each slot freed by four threads at once.
    calls = [slot.pk for slot in slots for _ in range(4)]
    barrier = threading.Barrier(len(calls))

    def free(slot_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.slot_freed(slot_id=slot_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=free, args=(pk,)) for pk in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    offered = WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED)
    assert offered.count() == len(slots)
    assert sorted(offered.values_list("offered_slot_id", flat=True)) == sorted(s.pk for s in slots)
    assert {e.pk for e in offered} == {e.pk for e in entries}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_workers_racing_joins_of_one_line_make_one_entry(
    full_day: FullDay, worker: User, at_once: Any
) -> None:
    """Six joins of one worker at once: one entry, the same for every request."""
    entries = at_once([functools.partial(_join, full_day, worker) for _ in range(6)])
    joined = [entry.pk for entry in entries]  # type: ignore[attr-defined]
    assert len(joined) == 6 and len(set(joined)) == 1
    assert WaitlistEntry.objects.filter(worker=worker).count() == 1
