"""The beat schedule does what it is there for: beat can load every entry, each sends a
registered task that runs as beat sends it, and the outbox's entry sends what an outage
left behind. (Rather than comparing the schedule with a copy of itself.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from celery.beat import ScheduleEntry, Scheduler
from django.utils import timezone

from config.celery import app
from core import outbox, sms
from core.models import OutboxMessage, OutboxStatus
from tests.core.outage import broker_down

pytestmark = pytest.mark.django_db


def _entries() -> dict[str, ScheduleEntry]:
    app.loader.import_default_modules()  # the tasks modules, as a worker or beat starts
    scheduler = Scheduler(app, lazy=True)
    scheduler.update_from_dict(app.conf.beat_schedule)
    return {name: entry for name, entry in scheduler.data.items() if not name.startswith("celery.")}


def test_beat_loads_every_entry_and_each_names_a_registered_task() -> None:
    entries = _entries()
    assert entries, "the beat schedule is empty"
    for name, entry in entries.items():
        assert entry.task in app.tasks, f"{name}: {entry.task} is not a registered task"
        _due, next_in = entry.is_due()
        assert next_in > 0, name


def test_every_beat_task_runs_as_beat_sends_it_on_an_empty_database() -> None:
    for name, entry in _entries().items():
        result = app.tasks[entry.task].apply(args=entry.args, kwargs=entry.kwargs)
        assert result.successful(), f"{name}: {result.traceback}"


def test_the_outbox_entry_runs_often_and_sends_what_the_broker_refused(
    django_capture_on_commit_callbacks: Any,
) -> None:
    sweeper = [e for e in _entries().values() if e.task == "core.sweep_outbox"]
    assert len(sweeper) == 1
    entry = sweeper[0]
    # Often enough that a message held by an outage goes out within minutes of recovery.
    assert entry.schedule.remaining_estimate(timezone.now()) <= timedelta(minutes=5)

    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue_sms(to="+8613912345678", text="您好", purpose="test.beat")
    assert not sms.outbox

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        app.tasks[entry.task].apply(args=entry.args, kwargs=entry.kwargs)

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.to for m in sms.outbox] == ["+8613912345678"]
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()
