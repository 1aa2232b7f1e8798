"""The waitlist: a freed slot is offered to the first waiting worker for a while,
then to the next. Each function is one use case."""

from __future__ import annotations


def slot_freed(*, slot_id: int) -> None:
    """Offer a freed slot to the first matching waiting worker (stub; waitlist helper)."""


def offers_expire() -> int:
    """Pass offers that ran out to the next worker in line (stub; waitlist helper)."""
    return 0
