"""Send again outbox rows left pending: what beat does every minute, for setups without beat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = "Send again outbox messages left pending (beat runs this every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = outbox.sweep()
        self.stdout.write(f"{sent} outbox message(s) sent again")
