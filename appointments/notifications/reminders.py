"""Reminders: the day before and an hour before a session, each sent once."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from appointments.models.bookings import Booking, BookingStatus
from appointments.notifications.bookings import booking_notify


def _claim_and_send(pk: int, *, flag: str, also: tuple[str, ...], purpose: str) -> bool:
    """Claim the booking's reminder flag and write its messages in one transaction."""
    with transaction.atomic():  # the claim and the outbox rows commit together
        claimed = Booking.objects.filter(pk=pk, **{flag: False}).update(
            **{name: True for name in (flag, *also)}
        )
        if claimed:
            booking_notify(booking_id=pk, purpose=purpose)
    return bool(claimed)


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Remind workers the day before and an hour before their session; return the counts.

    Each booking's flag is claimed by a filtered UPDATE (… WHERE flag = false)
    in the transaction that writes the messages to the outbox, so two overlapping
    runs never send the same reminder twice and a crash loses none.
    A booking already inside the last hour gets only the hour-before reminder.
    """
    now = now or timezone.now()
    upcoming = Booking.objects.filter(status=BookingStatus.BOOKED, starts_at__gt=now)
    sent = {"hour": 0, "day": 0}
    hour_ids = list(
        upcoming.filter(
            starts_at__lte=now + timedelta(hours=1), reminded_hour_before=False
        ).values_list("pk", flat=True)
    )
    for pk in hour_ids:
        sent["hour"] += _claim_and_send(
            pk,
            flag="reminded_hour_before",
            also=("reminded_day_before",),
            purpose="reminder_hour",
        )
    day_ids = list(
        upcoming.filter(
            starts_at__gt=now + timedelta(hours=1),
            starts_at__lte=now + timedelta(hours=24),
            reminded_day_before=False,
        ).values_list("pk", flat=True)
    )
    for pk in day_ids:
        sent["day"] += _claim_and_send(
            pk, flag="reminded_day_before", also=(), purpose="reminder_day"
        )
    return sent
