"""Demo data for `make run`: the online library, the question bank with an open exam, a
training programme (the demo worker holds its certificate), a running quiz contest."""

from __future__ import annotations

from accounts.models import User
from core.demo import DemoLogin
from learning.demo import bank, contests, library, training


def load(admin: User) -> list[DemoLogin]:
    """Idempotent: running it twice changes nothing."""
    items = library.load(admin)
    bank.load()
    training.load(admin, items[0] if items else None)
    contests.load()
    return []
