"""The codes of every refusal the assessments app raises (the API's `error.code`).

The values are part of the API: never change one. The base codes (`not_found`,
`conflict`, …) are core.errors.ErrorCode.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Instruments and answers (assessments.scoring).
    INVALID_INSTRUMENT_DEFINITION = "invalid_instrument_definition"
    INVALID_ANSWERS = "invalid_answers"
    INSTRUMENT_UNAVAILABLE = "instrument_unavailable"
    # Unit campaigns.
    CAMPAIGN_CLOSED = "campaign_closed"
    CAMPAIGN_INVALID = "campaign_invalid"
    # Call-back requests.
    CALLBACK_INVALID = "callback_invalid"
    CALLBACK_CONTACT_REMOVED = "callback_contact_removed"
    # Personal reports.
    SUBMISSION_EXPIRED = "submission_expired"
    REPORT_NOT_FAILED = "report_not_failed"
    REPORT_FAILED = "report_failed"
    REPORT_NOT_READY = "report_not_ready"
