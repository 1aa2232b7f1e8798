"""The embedded default's scheduler: Celery beat's schedule, run in one small process.

With no ``REDIS_URL`` there is no broker for ``celery beat`` to send to, yet a pilot on
``make run`` still needs its reminders sent, its waitlist offers expired, its slots made
and its outbox retried. ``make run`` therefore starts ``manage.py run_schedule`` beside
the web server: it reads the same ``CELERY_BEAT_SCHEDULE`` and runs each task in its own
process when due, so the two deployments differ only in who runs the task.

Like beat, an interval entry first runs one interval after the start and a crontab entry
at its next time; a run that fails is logged (task name only) and tried at the next due
time. Only one scheduler may run per database: the tasks are idempotent, but two
schedulers would do the work twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from celery import Celery
from celery.schedules import BaseSchedule, maybe_schedule
from django.db import connections

logger = logging.getLogger(__name__)

# The longest sleep between checks: a stop request or a clock change is seen within it.
MAX_WAIT_SECONDS = 60.0


@dataclass
class Entry:
    """One line of the beat schedule and when it last ran."""

    name: str
    task: str
    schedule: BaseSchedule
    last_run_at: datetime


class Scheduler:
    """Runs the entries of a beat schedule that are due, in this process."""

    def __init__(self, app: Celery, schedule: Mapping[str, Mapping[str, Any]]) -> None:
        self.app = app
        # The apps' tasks modules, which register every task. Not through
        # `loader.import_default_modules()`: its signal makes Celery's Django fixup run
        # `django.setup()` again, which re-applies LOGGING and drops every handler
        # added since (a test's log capture among them).
        app.autodiscover_tasks(force=True)
        started = app.now()
        self.entries = []
        for name, spec in schedule.items():
            every = maybe_schedule(spec["schedule"], app=app)
            self.entries.append(Entry(name, str(spec["task"]), every, started))
        missing = sorted({e.task for e in self.entries} - set(app.tasks))
        if missing:
            raise LookupError("Scheduled tasks not registered: " + ", ".join(missing))

    def tick(self) -> tuple[list[str], float]:
        """Run what is due now; the names run and the seconds until the next check."""
        ran: list[str] = []
        wait = MAX_WAIT_SECONDS
        for entry in self.entries:
            due, next_in = entry.schedule.is_due(entry.last_run_at)
            if due:
                entry.last_run_at = self.app.now()
                self._run(entry)
                ran.append(entry.name)
            wait = min(wait, max(float(next_in), 1.0))
        return ran, wait

    def run_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            _, wait = self.tick()
            stop.wait(wait)

    def _run(self, entry: Entry) -> None:
        _drop_stale_connections()
        try:
            self.app.tasks[entry.task].apply(throw=True)
        except Exception:
            logger.exception("Scheduled task %s failed; it runs again when next due", entry.task)
        finally:
            _drop_stale_connections()


def _drop_stale_connections() -> None:
    """A long-lived process never reuses a connection gone stale (as after a request).

    A connection inside a transaction is left alone: that is a test's, and closing it
    would break the transaction the test rolls back.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
