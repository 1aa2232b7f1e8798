"""Must show: with Redis down (cache and broker) and senders failing, the front doors answer,
the user sees success, and once Redis is back every alert, offer and message goes out once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments import services
from appointments.models import Booking, BookingStatus, WaitlistStatus
from appointments.selectors import slots as slots_selectors
from assessments import services as assessment_services
from assessments.models import CallbackRequest, Submission
from core import clock, outbox, sms
from core.models import OutboxMessage, OutboxStatus
from network import services as network_services
from network.models import OrgUnit, Role, Scope
from tests.appointments.factories import weekly_rule
from tests.assessments.portal import take
from tests.conftest import PASSWORD, make_user
from tests.core.outage import CACHE_DOWN, broker_down, closed_broker
from tests.network import factories

pytestmark = pytest.mark.django_db

# A Monday morning in the network's time zone: notice periods and "today" stay put.
MONDAY = datetime(2026, 12, 7, 8, 45, tzinfo=ZoneInfo("Asia/Shanghai"))
RECOVERED = timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=True):
        yield


def _sweep_twice(capture: Any) -> None:
    """Redis is back: the beat sweeper runs, then runs again and must send nothing more.

    Each run commits (as a worker's does), so what a run writes is sent on its commit.
    """
    with capture(execute=True):
        assert outbox.sweep(now=timezone.now() + RECOVERED) > 0
    with capture(execute=True):
        assert outbox.sweep(now=timezone.now() + 2 * RECOVERED) == 0
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


def test_api_login_and_the_code_form_answer_without_a_500_with_redis_down(
    settings: Any, client: Client, tree: dict[str, OrgUnit], worker: User
) -> None:
    settings.CACHES = CACHE_DOWN
    with broker_down():
        assert client.get(reverse("api-stations")).status_code == 200
        code_form = client.post(reverse("assessments:open_code"), {"code": "ABCD-EFGH-JKLM"})
        assert code_form.status_code < 500
        login = client.post(reverse("account_login"), {"login": worker.email, "password": PASSWORD})
        assert login.status_code == 503
        assert "服务暂时不可用" in login.content.decode()


def test_the_crisis_result_and_the_crisis_submit_list_stations_with_redis_down(
    settings: Any, client: Client, tree: dict[str, OrgUnit]
) -> None:
    # The stations open now and the API's crisis panel are cached (core.public_cache): with
    # the cache unreachable they are computed as without it, never a 500.
    assessment_services.instrument_load_files()
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT]
    )
    settings.CACHES = CACHE_DOWN
    with broker_down():
        result = client.get(take(client, "phq9", {"phq9": [0] * 8 + [3]})["Location"])
        submit = client.post(
            "/api/v1/assessments/",
            {"instrument": "phq9", "answers": [0] * 8 + [2]},
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    assert result.status_code == 200
    page = result.content.decode()
    assert 'class="station-list crisis-stations"' in page and tree["station_b1"].name in page
    assert submit.status_code == 201
    assert tree["station_b1"].name in [s["name"] for s in submit.json()["crisis"]["stations"]]


@pytest.mark.parametrize("outage", [broker_down, closed_broker], ids=["patched", "closed-port"])
def test_a_crisis_call_back_with_redis_down_succeeds_and_the_alert_follows_once(
    outage: Any,
    settings: Any,
    client: Client,
    tree: dict[str, OrgUnit],
    django_capture_on_commit_callbacks: Any,
) -> None:
    assessment_services.instrument_load_files()
    factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    client.get(take(client, "phq9", {"phq9": [0] * 8 + [3]})["Location"])
    submission = Submission.objects.get()
    mail.outbox.clear()

    settings.CACHES = CACHE_DOWN
    with outage(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:callback", kwargs={"public_ids": [submission.public_id]}),
            {"callback-contact_phone": "13800138000", "callback-consent": "on"},
        )
    assert response.status_code == 302 and response["Location"].endswith("#crisis")
    assert CallbackRequest.objects.get().submission == submission
    assert mail.outbox == []

    _sweep_twice(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["operator@example.com"]]
    assert "13800138000" not in mail.outbox[0].body


def _three_booked_slots(tree: dict[str, OrgUnit], counsellor: User) -> list[Booking]:
    day = MONDAY.date() + timedelta(days=3)
    weekly_rule(counsellor, tree["station_a1"], weekday=day.weekday())
    services.slots_regenerate(counsellor_id=counsellor.pk)
    slots = [s for s in slots_selectors.free_slots() if clock.local_date(s.starts_at) == day]
    bookers = [make_user(f"booker{i}@example.com") for i in range(len(slots))]
    return [
        services.booking_create(actor=booker, worker=booker, slot=slot)
        for booker, slot in zip(bookers, slots, strict=True)
    ]


def test_a_cancellation_with_redis_down_succeeds_and_the_waitlist_offer_follows_once(
    settings: Any,
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    bookings = _three_booked_slots(tree, counsellor_a)
    day = clock.local_date(bookings[0].starts_at)
    entry = services.waitlist_join(actor=worker, station=tree["station_a1"], day=day)
    OutboxMessage.objects.all().delete()
    client.force_login(bookings[0].worker)

    settings.CACHES = CACHE_DOWN
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("appointments:cancel", args=[bookings[0].public_id]), {"confirm": "on"}
        )
    assert response.status_code == 302
    bookings[0].refresh_from_db()
    assert bookings[0].status == BookingStatus.CANCELLED
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING and not sms.outbox

    _sweep_twice(django_capture_on_commit_callbacks)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED and entry.offered_slot_id == bookings[0].slot_id
    assert [m.to for m in sms.outbox] == [worker.phone]
    assert [m.to for m in mail.outbox] == [[worker.email]]


def test_a_booking_with_the_senders_failing_succeeds_and_the_confirmation_follows_once(
    settings: Any,
    client: Client,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    booking = _three_booked_slots(tree, counsellor_a)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=booking.worker, booking=booking)
    OutboxMessage.objects.all().delete()
    sms.outbox.clear()
    mail.outbox.clear()
    client.force_login(worker)

    settings.SMS_BACKEND = "tests.core.outage.FailingSMSBackend"
    settings.EMAIL_BACKEND = "tests.core.outage.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:book", args=[booking.slot.public_id]))
    assert response.status_code == 302
    new = Booking.objects.get(slot=booking.slot, status=BookingStatus.BOOKED)
    assert new.worker == worker
    assert set(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING).values_list("kind", flat=True)
    ) == {"sms", "email"}

    settings.SMS_BACKEND = "core.sms.LocmemSMSBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + timedelta(hours=1)
    assert outbox.sweep(now=later) == 2
    assert outbox.sweep(now=later + RECOVERED) == 0
    assert [m.to for m in sms.outbox] == [worker.phone]
    assert [m.to for m in mail.outbox] == [[worker.email]]


def test_a_sign_up_with_the_mail_relay_down_succeeds_and_its_mail_follows_once(
    settings: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.core.outage.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.sweep(now=later) == 1
    assert outbox.sweep(now=later + RECOVERED) == 0
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
