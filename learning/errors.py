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
    CONTEST_NOT_RUNNING = "contest_not_running"
    PHONE_NOT_VERIFIED = "phone_not_verified"
    NICKNAME_INVALID = "nickname_invalid"
    ENTRY_SUBMITTED = "entry_submitted"
    PHONE_IN_QUERY = "phone_in_query"
