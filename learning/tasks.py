"""The learning app's Celery tasks: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from learning.services import attempts_expire, contest_entries_expire


@shared_task(name="learning.expire_attempts", acks_late=True, reject_on_worker_lost=True)
def expire_attempts() -> int:
    """Marks the exam attempts whose server-kept time ran out unsubmitted (beat, every minute)."""
    return attempts_expire()


@shared_task(name="learning.expire_contest_entries", acks_late=True, reject_on_worker_lost=True)
def expire_contest_entries() -> int:
    """Closes the contest entries whose time ran out unsubmitted (beat, every minute)."""
    return contest_entries_expire()
