"""The outbox: every side effect is a row written with its cause, delivered once.

1. `enqueue_sms`, `enqueue_email` and `enqueue_task` write an OutboxMessage
   (pending) in the caller's transaction and, on commit, send the
   `core.deliver_outbox_message` task (core.tasks, found by its registered name: the
   task module imports this one, never the other way round). A broker outage at that
   moment is logged and swallowed (core.transactions.on_commit): the row stays pending.
   A `dedupe_key` makes a repeat of the same cause a no-op.
2. `deliver(pk)` claims the row with a filtered UPDATE (pending → sending), so
   two deliveries of the same task send it once; then sends the SMS or e-mail,
   or runs the task (a dotted function with keyword arguments, inside one
   transaction with the "sent" mark, so what it writes — e.g. further outbox
   rows — commits with it). Sent rows have their payload emptied.
3. A failure puts the row back to pending with `next_attempt_at` pushed out
   (OUTBOX_BACKOFF_SECONDS, doubling, at most OUTBOX_BACKOFF_MAX_SECONDS);
   after OUTBOX_MAX_ATTEMPTS it is failed. Only the exception's class name is
   kept or logged; payloads (phone numbers, texts) are never logged.
4. `sweep()` (beat, every minute, `core.sweep_outbox`) re-sends rows due and
   not queued for OUTBOX_SWEEP_AFTER_SECONDS, and rows left "sending" longer
   than OUTBOX_CLAIM_TIMEOUT_SECONDS by a worker that died; it deletes sent
   rows older than OUTBOX_KEEP_DAYS. A worker that dies after an SMS left but
   before the row was marked may send it twice; nothing else does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core import sms
from core.models import OutboxKind, OutboxMessage, OutboxStatus
from core.transactions import on_commit

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
DELIVERY_TASK = "core.deliver_outbox_message"


# --- writing -----------------------------------------------------------------------------


def _enqueue(
    *,
    kind: str,
    purpose: str,
    payload: dict[str, Any],
    dedupe_key: str | None,
    not_after: datetime | None = None,
) -> OutboxMessage:
    fields = {"kind": kind, "purpose": purpose[:64], "payload": payload, "not_after": not_after}
    with transaction.atomic():
        if dedupe_key:
            message, created = OutboxMessage.objects.get_or_create(
                dedupe_key=dedupe_key[:200], defaults=fields
            )
        else:
            message = OutboxMessage.objects.create(**fields)
            created = True
        if created:
            message_id = message.pk
            on_commit(lambda: queue(message_id), what=f"outbox {message_id}")
    return message


def enqueue_sms(
    *,
    to: str,
    text: str,
    purpose: str,
    dedupe_key: str | None = None,
    not_after: datetime | None = None,
) -> OutboxMessage:
    """An SMS to `to`, sent once the caller's transaction commits (and dropped, not sent,
    if an outage holds it past `not_after`)."""
    return _enqueue(
        kind=OutboxKind.SMS,
        purpose=purpose,
        payload={"to": to, "text": text},
        dedupe_key=dedupe_key,
        not_after=not_after,
    )


def enqueue_email(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    purpose: str,
    dedupe_key: str | None = None,
    not_after: datetime | None = None,
    attachments: Sequence[tuple[str, str, str]] = (),
) -> OutboxMessage:
    """One e-mail to the addresses `to` (one message, all recipients), sent after commit
    (and dropped, not sent, if an outage holds it past `not_after`). `attachments` are
    (file name, text content, MIME type) triples, e.g. a booking's .ics file."""
    payload: dict[str, Any] = {"to": list(to), "subject": str(subject), "body": str(body)}
    if attachments:
        payload["attachments"] = [list(item) for item in attachments]
    return _enqueue(
        kind=OutboxKind.EMAIL,
        purpose=purpose,
        payload=payload,
        dedupe_key=dedupe_key,
        not_after=not_after,
    )


def enqueue_task(
    call: str, *, kwargs: dict[str, Any], purpose: str = "", dedupe_key: str | None = None
) -> OutboxMessage:
    """Background work: `call` (a dotted path to a function) with JSON `kwargs`, after commit.

    The function must be idempotent; it runs in a transaction with the row's
    "sent" mark and may enqueue further rows.
    """
    return _enqueue(
        kind=OutboxKind.TASK,
        purpose=purpose or call,
        payload={"call": call, "kwargs": kwargs},
        dedupe_key=dedupe_key,
    )


def delivery_task() -> Task[[int], bool]:
    """The registered `core.deliver_outbox_message` task (core.tasks), looked up by name.

    By name because core.tasks imports this module to deliver and sweep; CoreConfig
    imports core.tasks at start-up, so the name is registered in every process. The
    task object keeps `.delay()`, which runs in-process when Celery is eager.
    """
    return current_app.tasks[DELIVERY_TASK]


def queue(message_id: int) -> bool:
    """Send the delivery task now; if the broker refuses, leave the row to the sweeper."""
    task = delivery_task()  # outside the try: an unregistered task is a bug, not an outage
    try:
        task.delay(message_id)
    except Exception as exc:  # the broker's OperationalError, or anything a send raised
        logger.warning(
            "outbox %s: task not sent (%s); the sweeper will send it",
            message_id,
            exc.__class__.__name__,
        )
        return False
    OutboxMessage.objects.filter(pk=message_id).update(queued_at=timezone.now())
    return True


# --- delivering ----------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """The wait after failed attempt number `attempts` (1, 2, …)."""
    seconds = settings.OUTBOX_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_BACKOFF_MAX_SECONDS))


def _claim(message_id: int, now: datetime) -> bool:
    stale = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
    return bool(
        OutboxMessage.objects.filter(pk=message_id)
        .filter(
            Q(status=OutboxStatus.PENDING) | Q(status=OutboxStatus.SENDING, claimed_at__lt=stale)
        )
        .update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _perform(message: OutboxMessage) -> None:
    payload = message.payload
    if message.kind == OutboxKind.SMS:
        sms.send_sms(to=payload["to"], text=payload["text"], purpose=message.purpose)
    elif message.kind == OutboxKind.EMAIL:
        email = EmailMessage(payload["subject"], payload["body"], None, payload["to"])
        for filename, content, mimetype in payload.get("attachments", []):
            email.attach(filename, content, mimetype)
        email.send()
    else:
        import_string(payload["call"])(**payload["kwargs"])


def _mark_sent(message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), payload={}, last_error=""
    )


def _mark_failed_attempt(message: OutboxMessage, error: str, now: datetime) -> None:
    attempts = message.attempts
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        status, next_at = OutboxStatus.FAILED, now
        logger.warning(
            "outbox %s (%s %s) failed after %s attempts: %s",
            message.pk,
            message.kind,
            message.purpose,
            attempts,
            error,
        )
    else:
        status, next_at = OutboxStatus.PENDING, now + backoff(attempts)
        logger.warning(
            "outbox %s (%s %s): attempt %s failed (%s); retried later",
            message.pk,
            message.kind,
            message.purpose,
            attempts,
            error,
        )
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
        status=status, next_attempt_at=next_at, last_error=error[:64]
    )


def deliver(message_id: int) -> bool:
    """Deliver one row if it is still to be delivered; True when it was sent now.

    Idempotent: a row already sent, failed, or being sent by another worker is
    left alone. Never raises for a failed send (the row records it).
    """
    now = timezone.now()
    if not _claim(message_id, now):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    if message.not_after is not None and now > message.not_after:
        # Held past its use (a reminder after its session began): dropped, payload and all.
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.EXPIRED, payload={}
        )
        logger.info(
            "outbox %s (%s %s): too late, not sent", message.pk, message.kind, message.purpose
        )
        return False
    try:
        if message.kind == OutboxKind.TASK:
            with transaction.atomic():
                _perform(message)
                _mark_sent(message_id)
        else:
            _perform(message)
            _mark_sent(message_id)
    except Exception as exc:
        _mark_failed_attempt(message, exc.__class__.__name__, timezone.now())
        return False
    return True


def retry_failed(message_ids: Sequence[int]) -> int:
    """Give failed rows a fresh set of attempts and send them now (the admin's "Send again")."""
    ids = list(
        OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxStatus.FAILED).values_list(
            "pk", flat=True
        )
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    for message_id in ids:
        on_commit(functools.partial(queue, message_id), what=f"outbox {message_id}")
    return len(ids)


def sweep(*, now: datetime | None = None) -> int:
    """Send again the rows due and left behind; returns how many were sent to the broker.

    Stops at the first send the broker refuses (the next sweep tries again).
    Sent rows older than OUTBOX_KEEP_DAYS are deleted.
    """
    now = now or timezone.now()
    OutboxMessage.objects.filter(
        status=OutboxStatus.SENT, sent_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    ).delete()
    cutoff = now - timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS)
    stale = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
    due = list(
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now, created_at__lt=cutoff)
            | Q(status=OutboxStatus.SENDING, claimed_at__lt=stale)
        )
        .exclude(queued_at__gte=cutoff)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    sent = 0
    for message_id in due:
        if not queue(message_id):
            break
        sent += 1
    if due:
        logger.info("outbox sweeper: %s of %s message(s) sent again", sent, len(due))
    return sent
