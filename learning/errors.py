"""The learning app's error codes: the `code` of every DomainError it raises."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    BANK_TOO_SMALL = "bank_too_small"
    EXAM_NOT_OPEN = "exam_not_open"
    ATTEMPTS_USED = "attempts_used"
    TIME_UP = "time_up"
    ATTEMPT_SUBMITTED = "attempt_submitted"
    ATTEMPT_NOT_SUBMITTED = "attempt_not_submitted"
    ANSWER_INVALID = "answer_invalid"
    FILE_NOT_XLSX = "file_not_xlsx"
    FILE_TOO_LARGE = "file_too_large"
    FILE_HEADERS = "file_headers"
    FILE_EMPTY = "file_empty"
    FILE_TOO_MANY_ROWS = "file_too_many_rows"
    FILE_ROWS_INVALID = "file_rows_invalid"
    ITEM_INVALID = "item_invalid"
    ITEM_WITHDRAWN = "item_withdrawn"
    ITEM_NOT_LIVE = "item_not_live"
    PREMIUM_TAKEN = "premium_taken"
    # Training and certificates.
    ENROLMENT_CLOSED = "enrolment_closed"
    ENROLMENT_INVALID = "enrolment_invalid"
    NOT_ELIGIBLE = "not_eligible"
    CERTIFICATE_REVOKED = "certificate_revoked"
    CERTIFICATE_NOT_VALID = "certificate_not_valid"
    REFRESHER_NOT_OFFERED = "refresher_not_offered"
    REFRESHER_NOT_PASSED = "refresher_not_passed"
    REASON_REQUIRED = "reason_required"
