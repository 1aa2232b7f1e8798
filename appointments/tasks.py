"""Background work of appointments. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="appointments.regenerate_slots")
def regenerate_slots() -> int:
    """Keep the next weeks of slots generated for every counsellor with office hours."""
    from appointments import services

    return services.slots_regenerate_all()


@shared_task(name="appointments.send_reminders")
def send_reminders() -> dict[str, int]:
    """Remind workers the day before and an hour before their session (beat, every 5 minutes)."""
    from appointments.notifications.reminders import reminders_send

    return reminders_send()


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
