"""core's tasks: the broker ping and the outbox's delivery and sweeper.

core.outbox sends `core.deliver_outbox_message` by its registered name, so this
module imports the outbox and the outbox never imports it.
"""

from celery import shared_task

from core import outbox


@shared_task(name="core.ping", ignore_result=False)
def ping() -> str:
    """A no-op task for health checks and the broker round-trip test."""
    return "pong"


@shared_task(name="core.deliver_outbox_message", ignore_result=True, acks_late=True)
def deliver_outbox_message(message_id: int) -> bool:
    """Deliver one outbox row (idempotent: a second delivery finds it sent).

    Failures are recorded on the row and retried with backoff by the sweeper.
    """
    return outbox.deliver(message_id)


@shared_task(name="core.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Send again outbox rows left pending or stuck (beat, every minute)."""
    return outbox.sweep()
