"""Background work of courses. Tasks are idempotent (their e-mails carry dedupe keys)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="courses.send_round_reminders")
def send_round_reminders() -> int:
    """Remind units that have not ordered that the round's deadline is near (beat, daily)."""
    from courses.notifications.orders import round_reminders_send

    return round_reminders_send()
