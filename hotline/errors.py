"""The hotline's error codes (see core.errors)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    SHIFT_IN_PAST = "shift_in_past"
    NOT_ON_SHIFT = "not_on_shift"
    COLLEAGUE_NOT_ELIGIBLE = "colleague_not_eligible"
    COLLEAGUE_BUSY = "colleague_busy"
    REQUESTER_BUSY = "requester_busy"
    ALREADY_ON_SHIFT = "already_on_shift"
    SWAP_NOT_OPEN = "swap_not_open"
    SWAP_ALREADY_OPEN = "swap_already_open"
    SHIFT_CANCELLED = "shift_cancelled"
    INVALID_TIMES = "invalid_times"
    INVALID_PATTERN = "invalid_pattern"
    CALL_INVALID = "call_invalid"
    CALL_NOT_DRAFT = "call_not_draft"
    CONTACT_INVALID = "contact_invalid"
    CONTACT_CLOSED = "contact_closed"
    NO_LINE = "no_line"
    CASE_INVALID = "case_invalid"
    OWNER_NOT_ELIGIBLE = "owner_not_eligible"
    CASE_CLOSED = "case_closed"
    CASE_EXISTS = "case_exists"
    CALL_NOT_CASE = "call_not_case"
    STEP_DONE = "step_done"
    REFERRAL_INVALID = "referral_invalid"
    PETITION_INVALID = "petition_invalid"
    CRISIS_RESOLVED = "crisis_resolved"
    CRISIS_CHECKLIST = "crisis_checklist"
    CRISIS_NOT_ACKNOWLEDGED = "crisis_not_acknowledged"
