"""Reminders the day before and an hour before, each sent once however often beat runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from appointments import services, tasks
from appointments.models import Booking, BookingStatus, Slot
from core import sms
from network.models import OrgUnit
from tests.appointments.factories import weekly_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Booking:
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    booking = services.booking_create(actor=worker, worker=worker, slot=Slot.objects.first())
    sms.outbox.clear()
    mail.outbox.clear()
    return booking


def _move_to(booking: Booking, delta: timedelta) -> None:
    start = timezone.now() + delta
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=50)
    )


def test_nothing_is_sent_more_than_a_day_ahead(booking: Booking) -> None:
    _move_to(booking, timedelta(days=3))
    tasks.send_reminders()
    assert sms.outbox == [] and mail.outbox == []


def test_day_before_reminder_is_sent_once_even_when_the_task_runs_twice(
    booking: Booking, django_capture_on_commit_callbacks: Any
) -> None:
    _move_to(booking, timedelta(hours=20))
    # The messages are outbox rows, delivered once each run commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == {"hour": 0, "day": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == {"hour": 0, "day": 0}
    assert len(sms.outbox) == 1 and len(mail.outbox) == 1
    assert "/appointments/manage/" in sms.outbox[0].text
    booking.refresh_from_db()
    assert booking.reminded_day_before and not booking.reminded_hour_before


def test_hour_before_reminder_is_sent_once_after_the_day_before(
    booking: Booking, django_capture_on_commit_callbacks: Any
) -> None:
    _move_to(booking, timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
    _move_to(booking, timedelta(minutes=50))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
        tasks.send_reminders()
    assert [m.purpose for m in sms.outbox] == [
        "appointments.reminder_day",
        "appointments.reminder_hour",
    ]
    assert len(mail.outbox) == 2
    booking.refresh_from_db()
    assert booking.reminded_hour_before


def test_cancelled_bookings_get_no_reminder(booking: Booking) -> None:
    _move_to(booking, timedelta(minutes=30))
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    tasks.send_reminders()
    assert sms.outbox == []


def test_the_beat_runs_reminders_every_five_minutes(settings) -> None:  # type: ignore[no-untyped-def]
    entry = settings.CELERY_BEAT_SCHEDULE["appointments-send-reminders"]
    assert entry == {"task": "appointments.send_reminders", "schedule": 300.0}


def test_a_reminder_an_outage_held_until_the_session_began_is_dropped(booking: Booking) -> None:
    from core import outbox
    from core.models import OutboxMessage, OutboxStatus

    OutboxMessage.objects.all().delete()  # the booking's confirmation is not the point here
    _move_to(booking, timedelta(minutes=50))
    assert tasks.send_reminders() == {"hour": 1, "day": 0}  # rows written, not yet delivered
    rows = list(OutboxMessage.objects.filter(purpose="appointments.reminder_hour"))
    assert len(rows) == 2  # an SMS and an e-mail
    booking.refresh_from_db()
    with time_machine.travel(booking.starts_at + timedelta(minutes=5), tick=False):
        assert outbox.sweep() == 2  # the broker is back: each row is delivered (eagerly)
    assert sms.outbox == [] and mail.outbox == []
    assert set(
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)
    ) == {OutboxStatus.EXPIRED}
