"""Run Celery beat's schedule in this process: `make run`'s scheduler (see core.scheduler)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.scheduler import Scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic tasks (reminders, waitlist offers, slots, outbox, retention) "
        "in this process, for the embedded default without a broker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run what is due now, then stop (for cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "A broker is configured (REDIS_URL): run `celery beat` (make beat) instead."
            )
        scheduler = Scheduler(current_app, settings.CELERY_BEAT_SCHEDULE)
        if options["once"]:
            ran, _ = scheduler.tick()
            self.stdout.write("ran: " + (", ".join(ran) or "nothing due"))
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        names = ", ".join(entry.name for entry in scheduler.entries)
        self.stdout.write(f"Scheduler running: {names}")
        scheduler.run_until(stop)
