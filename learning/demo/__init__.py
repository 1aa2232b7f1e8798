"""Demo data for `make run`: the online library, a training programme, a quiz contest."""

from __future__ import annotations

from accounts.models import User
from core.demo import DemoLogin
from learning.demo import library


def load(admin: User) -> list[DemoLogin]:
    """Idempotent: running it twice changes nothing."""
    library.load(admin)
    return []
