"""`make run`'s scheduler runs beat's schedule in-process (core.scheduler, run_schedule).

Without a broker nobody else would send the reminders, expire the waitlist offers or
retry the outbox; these tests drive the scheduler's clock with time-machine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import current_app
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from core import outbox, sms
from core.scheduler import Scheduler
from tests.core.outage import broker_down

# Every test may touch the database: the scheduler checks its connections between runs.
pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUNS: list[str] = []


@current_app.task(name="tests.scheduler.ping")
def ping() -> None:
    RUNS.append("ping")


@current_app.task(name="tests.scheduler.boom")
def boom() -> None:
    raise RuntimeError("the gateway is down")


@pytest.fixture(autouse=True)
def _runs() -> Iterator[None]:
    RUNS.clear()
    yield
    RUNS.clear()


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The scheduler's error log. Its handler sits on the logger itself: a task run through
    Celery's tracer may replace the root logger's handlers, caplog's among them."""
    logger = logging.getLogger("core.scheduler")
    # pytest keeps one capture handler for the whole session: its level is put back,
    # or every later test's caplog would see errors only.
    level = caplog.handler.level
    logger.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.ERROR)
    try:
        yield caplog
    finally:
        caplog.handler.setLevel(level)
        logger.removeHandler(caplog.handler)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(datetime(2026, 6, 10, 7, 0, tzinfo=SHANGHAI), tick=False) as t:
        yield t


def test_an_interval_entry_runs_one_interval_after_the_start_then_every_interval(
    clock: time_machine.Coordinates,
) -> None:
    scheduler = Scheduler(current_app, {"ping": {"task": "tests.scheduler.ping", "schedule": 60.0}})

    assert scheduler.tick()[0] == []
    clock.shift(59)
    assert scheduler.tick()[0] == []
    clock.shift(2)
    assert scheduler.tick()[0] == ["ping"]
    assert scheduler.tick()[0] == []
    clock.shift(61)
    scheduler.tick()

    assert RUNS == ["ping", "ping"]


def test_a_crontab_entry_runs_at_its_time_in_the_networks_zone(
    clock: time_machine.Coordinates,
) -> None:
    every_morning = crontab(hour=7, minute=30)
    scheduler = Scheduler(
        current_app, {"digest": {"task": "tests.scheduler.ping", "schedule": every_morning}}
    )

    clock.shift(29 * 60)  # 07:29 in Shanghai
    assert scheduler.tick()[0] == []
    clock.shift(90)  # 07:30:30
    assert scheduler.tick()[0] == ["digest"]
    clock.shift(3600)
    assert scheduler.tick()[0] == []


def test_a_failing_task_is_logged_and_the_others_still_run(
    clock: time_machine.Coordinates, errors: pytest.LogCaptureFixture
) -> None:
    scheduler = Scheduler(
        current_app,
        {
            "boom": {"task": "tests.scheduler.boom", "schedule": 60.0},
            "ping": {"task": "tests.scheduler.ping", "schedule": 60.0},
        },
    )
    clock.shift(61)

    ran, _ = scheduler.tick()

    assert ran == ["boom", "ping"] and RUNS == ["ping"]
    assert "tests.scheduler.boom failed" in errors.text
    assert "the gateway is down" in errors.text  # the traceback, for the operator


def test_the_wait_until_the_next_check_follows_the_nearest_entry(
    clock: time_machine.Coordinates,
) -> None:
    scheduler = Scheduler(
        current_app,
        {
            "often": {"task": "tests.scheduler.ping", "schedule": 20.0},
            "rarely": {"task": "tests.scheduler.ping", "schedule": 3600.0},
        },
    )

    _, wait = scheduler.tick()

    assert 19 <= wait <= 20


def test_an_unknown_task_is_refused_at_start() -> None:
    with pytest.raises(LookupError, match=r"tests\.scheduler\.nothing"):
        Scheduler(current_app, {"x": {"task": "tests.scheduler.nothing", "schedule": 60.0}})


def test_every_task_of_the_real_schedule_is_registered() -> None:
    scheduler = Scheduler(current_app, settings.CELERY_BEAT_SCHEDULE)

    assert {entry.task for entry in scheduler.entries} == {
        spec["task"] for spec in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_the_real_schedule_sends_what_the_outbox_kept_while_the_broker_was_down(
    clock: time_machine.Coordinates,
    errors: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    scheduler = Scheduler(current_app, settings.CELERY_BEAT_SCHEDULE)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue_sms(to="+8613912345678", text="您好", purpose="test.sms")
    assert not sms.outbox
    clock.shift(2 * 3600)

    ran, _ = scheduler.tick()

    assert "core-sweep-outbox" in ran and "appointments-expire-waitlist-offers" in ran
    assert errors.text == ""  # every task ran against the database without failing
    assert len(sms.outbox) == 1


def test_the_command_refuses_when_a_broker_is_configured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_ALWAYS_EAGER = False

    with pytest.raises(CommandError, match="celery beat"):
        call_command("run_schedule", "--once")


def test_the_command_once_runs_what_is_due(
    capsys: pytest.CaptureFixture[str],
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded default, whatever this pass runs on
    call_command("run_schedule", "--once")

    assert capsys.readouterr().out.strip() == "ran: nothing due"
