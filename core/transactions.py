"""on_commit for side effects: a failing callback never turns committed work into a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def on_commit(func: Callable[[], Any], *, what: str, using: str | None = None) -> None:
    """Run `func` once the current transaction commits; an exception it raises is logged.

    Only `what` (e.g. "outbox 12") and the exception's class name are logged:
    a message may quote personal content. The work is committed by then, so
    whatever `func` was to do must be recoverable elsewhere (the outbox
    sweeper, the report sweeper).
    """

    def run() -> None:
        try:
            func()
        except Exception as exc:
            logger.warning("on_commit %s failed (%s)", what, exc.__class__.__name__)

    transaction.on_commit(run, using=using)
