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
    in the transaction that writes the messages to the outbox, so two overlapping
    runs never send the same reminder twice and a crash loses none.
    A booking already inside the last hour gets only the hour-before reminder.
    """
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from appointments.models import Booking, BookingStatus
    from appointments.notifications.bookings import booking_notify

    now = timezone.now()
    upcoming = Booking.objects.filter(status=BookingStatus.BOOKED, starts_at__gt=now)
    sent = {"hour": 0, "day": 0}
    hour_ids = list(
        upcoming.filter(
            starts_at__lte=now + timedelta(hours=1), reminded_hour_before=False
        ).values_list("pk", flat=True)
    )
    for pk in hour_ids:
        with transaction.atomic():  # the claim and the outbox rows commit together
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
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=pk, reminded_day_before=False).update(
                reminded_day_before=True
            )
            if claimed:
                booking_notify(booking_id=pk, purpose="reminder_day")
                sent["day"] += 1
    return sent


@shared_task(name="appointments.offer_freed_slot")
def offer_freed_slot(slot_id: int) -> None:
    """A booking was cancelled or moved: offer its slot to the waitlist (idempotent)."""
    from appointments import services as services

    services.slot_freed(slot_id=slot_id)


@shared_task(name="appointments.expire_waitlist_offers")
def expire_waitlist_offers() -> int:
    """Offers that ran out pass to the next worker in line (beat, every minute)."""
    from appointments import services as services

    return services.offers_expire()


@shared_task(name="appointments.followup_digest")
def followup_digest() -> int:
    """Overdue follow-ups to each counsellor and station lead (beat, every morning)."""
    from appointments.notifications import digest

    return digest.followups_digest_send()
