"""A real Celery worker consumes a task from the real Redis (CI's second pass)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Task

from config.celery import app
from core.tasks import ping
from tests.project import APPS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process() -> Iterator[subprocess.Popen[bytes]]:
    queue = f"test-{os.getpid()}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    app.conf.task_always_eager = False
    proc.queue = queue  # type: ignore[attr-defined]
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.redis
def test_a_real_worker_consumes_a_task_from_redis(
    celery_worker_process: subprocess.Popen[bytes],
) -> None:
    assert app.conf.broker_url.startswith("redis://")
    result = ping.apply_async(queue=celery_worker_process.queue)  # type: ignore[attr-defined]
    assert result.get(timeout=60) == "pong"
    assert result.successful()


def test_eager_by_default_without_redis(settings: pytest.FixtureRequest) -> None:
    assert ping.delay().get(timeout=1) == "pong"


def _our_tasks() -> list[Task]:
    app.loader.import_default_modules()  # every app's tasks module, as a worker starts
    apps = tuple(f"{name}." for name in APPS)
    return [task for name, task in sorted(app.tasks.items()) if name.startswith(apps)]


def test_every_task_is_acknowledged_late_and_ends_before_the_broker_redelivers_it() -> None:
    """A worker killed mid-task leaves the message to another worker (acks late, rejected on
    a lost worker), and no task outlives the visibility timeout (else Redis would hand the
    same message to a second worker while the first is still at it)."""
    tasks = _our_tasks()
    names = {task.name for task in tasks}
    assert {"core.deliver_outbox_message", "appointments.send_reminders"} <= names
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    for task in tasks:
        assert task.acks_late is True, task.name
        assert task.reject_on_worker_lost is True, task.name
        assert (task.time_limit or app.conf.task_time_limit) < visibility, task.name


@contextmanager
def _publishing() -> Iterator[None]:
    """Celery really publishing (not running the task in-process)."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


def test_a_task_travels_as_json_and_the_worker_accepts_nothing_else() -> None:
    queue = f"json-{os.getpid()}"
    # kombu's in-process broker, on both ends, whatever broker the settings name.
    with _publishing(), app.connection_for_write("memory://") as connection:
        ping.apply_async(queue=queue, connection=connection)
        inbox = connection.SimpleQueue(queue)
        message = inbox.get(timeout=5)
        message.ack()
        # The consumer a worker reads tasks with, and what it agrees to decode.
        consumer = app.amqp.TaskConsumer(connection.default_channel, queues=[inbox.queue])
        accepted = set(consumer.accept)
        inbox.close()
    assert message.content_type == "application/json"
    assert message.headers["task"] == "core.ping"
    assert accepted == {"application/json"}  # never pickle: a message cannot run code
