"""Emotion-regulation pods and relaxation rooms (情绪调节舱): 15-minute bookings with a
simple flow (no case, no notes), and usage counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


def pod_usage(
    *, station_ids: Iterable[int], start: datetime, end: datetime
) -> dict[int, dict[str, int]]:
    """Per station: {"booked", "used", "walk_in", "no_show"} counts in [start, end) (stub)."""
    return {}
