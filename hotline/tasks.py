"""Background work of the hotline. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task

from hotline.services.contacts import contacts_flag_overdue


@shared_task(name="hotline.flag_overdue_contacts", acks_late=True, reject_on_worker_lost=True)
def flag_overdue_contacts() -> int:
    """Contact requests with risk left unhandled past their deadline (beat, every minute)."""
    return contacts_flag_overdue()
