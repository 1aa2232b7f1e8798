"""The hotline's models, by subject; every model is re-exported here (app_label hotline)."""

from hotline.models.roster import (
    Duty,
    Line,
    PatternAssignment,
    PatternEntry,
    RosterPattern,
    Shift,
    ShiftAssignment,
    ShiftKind,
    ShiftTemplate,
)
from hotline.models.swaps import SwapRequest, SwapStatus
from hotline.models.welfare import WelfareEvent, WelfareEventKind

__all__ = [
    "Duty",
    "Line",
    "PatternAssignment",
    "PatternEntry",
    "RosterPattern",
    "Shift",
    "ShiftAssignment",
    "ShiftKind",
    "ShiftTemplate",
    "SwapRequest",
    "SwapStatus",
    "WelfareEvent",
    "WelfareEventKind",
]
