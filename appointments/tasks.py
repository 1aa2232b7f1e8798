"""Background work of appointments. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="appointments.regenerate_slots")
def regenerate_slots() -> int:
    """Keep the next weeks of slots generated for every counsellor with office hours."""
    from appointments import services
    from appointments.models import AvailabilityRule

    counsellors = (
        AvailabilityRule.objects.filter(is_active=True)
        .values_list("counsellor_id", flat=True)
        .distinct()
    )
    for counsellor_id in counsellors:
        services.slots_regenerate(counsellor_id=counsellor_id)
    return len(counsellors)


@shared_task(name="appointments.send_reminders")
def send_reminders() -> dict[str, int]:
    """Remind workers the day before and an hour before their session (beat, every 5 minutes).

    Each booking's flag is claimed by a filtered UPDATE (… WHERE flag = false)
    before sending, so two overlapping runs never send the same reminder twice.
    A booking already inside the last hour gets only the hour-before reminder.
    """
    from datetime import timedelta

    from django.utils import timezone

    from appointments.models import Booking, BookingStatus
    from appointments.notifications import booking_notify

    now = timezone.now()
    upcoming = Booking.objects.filter(status=BookingStatus.BOOKED, starts_at__gt=now)
    sent = {"hour": 0, "day": 0}
    hour_ids = list(
        upcoming.filter(
            starts_at__lte=now + timedelta(hours=1), reminded_hour_before=False
        ).values_list("pk", flat=True)
    )
    for pk in hour_ids:
        claimed = Booking.objects.filter(pk=pk, reminded_hour_before=False).update(
            reminded_hour_before=True, reminded_day_before=True
        )
        if claimed:
            booking_notify(booking_id=pk, purpose="reminder_hour")
            sent["hour"] += 1
    day_ids = list(
        upcoming.filter(
            starts_at__gt=now + timedelta(hours=1),
            starts_at__lte=now + timedelta(hours=24),
            reminded_day_before=False,
        ).values_list("pk", flat=True)
    )
    for pk in day_ids:
        claimed = Booking.objects.filter(pk=pk, reminded_day_before=False).update(
            reminded_day_before=True
        )
        if claimed:
            booking_notify(booking_id=pk, purpose="reminder_day")
            sent["day"] += 1
    return sent
