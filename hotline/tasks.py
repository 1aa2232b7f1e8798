"""Background work of the hotline. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task

from hotline.services.case_flags import (
    cases_flag_overdue_steps,
    petition_referrals_flag_unanswered,
    referrals_flag_unanswered,
)
from hotline.services.contacts import contacts_flag_overdue
from hotline.services.crisis import crisis_tick as run_crisis_tick


@shared_task(name="hotline.flag_overdue_contacts", acks_late=True, reject_on_worker_lost=True)
def flag_overdue_contacts() -> int:
    """Contact requests with risk left unhandled past their deadline (beat, every minute)."""
    return contacts_flag_overdue()


@shared_task(name="hotline.flag_overdue_case_steps", acks_late=True, reject_on_worker_lost=True)
def flag_overdue_case_steps() -> int:
    """Next steps of hotline cases past their due time, and unanswered referrals of cases
    and of the petition desk (beat)."""
    return (
        cases_flag_overdue_steps()
        + referrals_flag_unanswered()
        + petition_referrals_flag_unanswered()
    )


@shared_task(name="hotline.crisis_tick", acks_late=True, reject_on_worker_lost=True)
def crisis_tick() -> int:
    """Escalate unacknowledged crises, remind and lapse acknowledged ones (beat, every minute)."""
    return run_crisis_tick()
