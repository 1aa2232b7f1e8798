"""The outbox on the real Redis with a real Celery worker process (CI's second pass).

A row refused by the broker at commit time is delivered by the worker once the
sweeper runs; the same row sent to the worker three times is delivered once.

    DATABASE_URL=postgres://… REDIS_URL=redis://… pytest tests/core/test_outbox_redis.py
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import app
from core import outbox
from core.models import OutboxMessage, OutboxStatus
from tests.core.outage import broker_down
from tests.core.workers import Workers, forget_queue, wait_for

pytestmark = [
    pytest.mark.redis,
    # The worker process needs the test database on a server: SQLite's is in memory.
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

NUMBER = "+8613912345678"
MASKED = "[SMS to 139****5678]"  # what the console sender prints in the worker's log


@pytest.fixture
def workers() -> Iterator[Workers]:
    assert app.conf.broker_url.startswith("redis"), "REDIS_URL must point at Redis"
    queue = f"test-outbox-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False  # tests/conftest.py turns it back on
    pool = Workers(queue)
    os.environ["SMS_BACKEND"] = "core.sms.ConsoleSMSBackend"  # the worker prints, masked
    try:
        yield pool
    finally:
        os.environ.pop("SMS_BACKEND", None)
        app.conf.task_default_queue = default_queue
        pool.stop()
        forget_queue(queue)


def status_of(message_id: int) -> str:
    return OutboxMessage.objects.values_list("status", flat=True).get(pk=message_id)


def test_a_message_refused_at_commit_is_delivered_once_by_the_worker_after_the_sweep(
    workers: Workers,
) -> None:
    workers.start()
    with broker_down():
        message = outbox.enqueue_sms(to=NUMBER, text="您好", purpose="test.redis")
    assert status_of(message.pk) == OutboxStatus.PENDING

    later = timezone.now() + timedelta(minutes=10)
    assert outbox.sweep(now=later) == 1
    wait_for(
        "the sweep's delivery",
        lambda: status_of(message.pk) == OutboxStatus.SENT,
        timeout=30,
        workers=workers,
    )
    assert outbox.sweep(now=later + timedelta(minutes=10)) == 0
    assert workers.output().count(MASKED) == 1


def test_the_same_row_sent_three_times_is_delivered_once(workers: Workers) -> None:
    workers.start()
    message = outbox.enqueue_sms(to=NUMBER, text="您好", purpose="test.redis")  # sent on commit
    assert outbox.queue(message.pk) and outbox.queue(message.pk)
    marker = outbox.enqueue_email(to=["x@example.com"], subject="s", body="b", purpose="t")
    # One solo worker takes its queue in order: once the marker is sent, so are the copies.
    wait_for(
        "the marker's delivery",
        lambda: status_of(marker.pk) == OutboxStatus.SENT,
        timeout=30,
        workers=workers,
    )
    row = OutboxMessage.objects.get(pk=message.pk)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)
    assert workers.output().count(MASKED) == 1
