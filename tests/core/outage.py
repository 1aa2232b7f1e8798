"""Outages for tests: Redis (cache and broker) unreachable, SMS and e-mail senders failing.

Plain helpers (not fixtures) so one test can end an outage half-way through.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from celery.app.task import Task
from kombu.exceptions import OperationalError

from core.sms import BaseSMSBackend, SMSMessage

# Nothing listens on port 1: every cache call is refused at once.
CLOSED_REDIS = "redis://127.0.0.1:1/0"
CACHE_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_REDIS}
}


@contextmanager
def broker_down() -> Iterator[mock.MagicMock]:
    """Every task send fails as it does with Redis stopped (kombu's OperationalError)."""

    def refuse(self: Task, *args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with mock.patch.object(Task, "apply_async", autospec=True, side_effect=refuse) as patched:
        yield patched


@contextmanager
def closed_broker() -> Iterator[None]:
    """Celery really publishing (not eager) to a Redis that refuses connections.

    Kombu retries the publish a few times (about 1.5 s), then raises its
    OperationalError, as in production with Redis stopped.
    """
    from config.celery import app

    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = CLOSED_REDIS, False
    app._pool = None  # connections are made for the URL in force when first used
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        app._pool = None


class FailingSMSBackend(BaseSMSBackend):
    def send(self, message: SMSMessage) -> None:
        raise ConnectionError("gateway down for " + message.to)


class FailingEmailBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("relay down")
