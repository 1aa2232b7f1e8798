"""Counselling cases and the closed loop (发现—疏导—跟进): cases, follow-ups, session
notes and referrals. Each function is one use case (see services.py for bookings)."""

from __future__ import annotations

from typing import Any


def case_ensure_next_step(*, case_id: int, actor: Any = None) -> None:
    """Give an open case a next step when it has lost its last one (stub; cases helper)."""


def followups_digest_send() -> int:
    """Mail each counsellor and station lead their overdue follow-ups (stub; cases helper)."""
    return 0
