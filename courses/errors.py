"""The courses app's error codes: the `code` of every DomainError it raises."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Catalogue spreadsheet import.
    FILE_NOT_XLSX = "catalogue_file_not_xlsx"
    FILE_TOO_LARGE = "catalogue_file_too_large"
    FILE_HEADERS = "catalogue_file_headers"
    FILE_EMPTY = "catalogue_file_empty"
    FILE_TOO_MANY_ROWS = "catalogue_file_too_many_rows"
    FILE_ROWS_INVALID = "catalogue_file_rows_invalid"
    # Ordering rounds and orders.
    ROUND_DATES = "round_dates"
    ROUND_EXISTS = "round_exists"
    ROUND_NOT_OPEN = "round_not_open"
    ROUND_CLOSED = "round_closed"
    OVER_QUOTA = "order_over_quota"
    DATE_PAST = "order_date_past"
    DATE_OUTSIDE_YEAR = "order_date_outside_year"
    DATES_COUNT = "order_dates_count"
    DATES_REPEATED = "order_dates_repeated"
    AUDIENCE_OVER_CAPACITY = "order_audience_over_capacity"
    DUPLICATE_ORDER = "order_duplicate"
    TOPIC_NOT_OFFERED = "order_topic_not_offered"
    SAME_TOPIC_TWICE = "order_same_topic_twice"
    UNIT_CANNOT_ORDER = "order_unit_cannot_order"
    WRONG_STATE = "order_wrong_state"
    REASON_REQUIRED = "order_reason_required"
    OWN_ORDER = "order_own"
    PROPOSAL_UNCHANGED = "order_proposal_unchanged"
    # Expert assignment.
    EXPERT_NOT_TEACHING = "expert_not_teaching"
    EXPERT_NOT_TRAVELLING = "expert_not_travelling"
    EXPERT_BLOCKED = "expert_blocked"
    EXPERT_BUSY = "expert_busy"
    NOT_YOUR_LECTURE = "lecture_not_yours"
    # The expert's calendar.
    BLOCKED_DAY_PAST = "blocked_day_past"
    BLOCKED_DAY_BUSY = "blocked_day_busy"
    # QR sign-in and feedback.
    SIGN_IN_CODE_INVALID = "sign_in_code_invalid"
    SIGN_IN_CODE_EXPIRED = "sign_in_code_expired"
    SIGN_IN_NOT_OPEN = "sign_in_not_open"
    SIGN_IN_CLOSED = "sign_in_closed"
    SIGN_IN_DUPLICATE_DEVICE = "sign_in_duplicate_device"
    SIGN_IN_DUPLICATE_PERSON = "sign_in_duplicate_person"
    SIGN_IN_INVALID = "sign_in_invalid"
    FEEDBACK_NOT_OPEN = "feedback_not_open"
    FEEDBACK_CLOSED = "feedback_closed"
    FEEDBACK_DUPLICATE = "feedback_duplicate"
    FEEDBACK_INVALID = "feedback_invalid"
    # The lecture record (巡讲登记表).
    RECORD_TOO_EARLY = "lecture_record_too_early"
    RECORD_ALREADY_FILED = "lecture_record_already_filed"
    RECORD_NOT_FILED = "lecture_record_not_filed"
    RECORD_LECTURE_CANCELLED = "lecture_record_lecture_cancelled"
    RECORD_INVALID = "lecture_record_invalid"
    RECORD_REASON_REQUIRED = "lecture_record_reason_required"
    RECORD_PHOTO_INVALID = "lecture_record_photo_invalid"
