"""Demo data for `make run`: the shipped instruments (idempotent)."""

from __future__ import annotations

from typing import Any

from assessments import services
from core.demo import DemoLogin


def load(admin: Any) -> list[DemoLogin]:
    # The file loader is the system's action, not the demo administrator's.
    services.instrument_load_files(actor=None)
    return []
