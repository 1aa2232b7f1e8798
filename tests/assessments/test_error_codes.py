"""The assessments' error codes: one enum, and values the API has always answered with."""

from __future__ import annotations

from assessments import scoring, services
from assessments.errors import ErrorCode
from assessments.services import campaigns


def test_the_codes_keep_the_values_api_clients_see() -> None:
    assert {code.value for code in ErrorCode} == {
        "invalid_instrument_definition",
        "invalid_answers",
        "instrument_unavailable",
        "campaign_closed",
        "campaign_invalid",
        "callback_invalid",
        "callback_contact_removed",
        "submission_expired",
        "report_not_failed",
        "report_failed",
        "report_not_ready",
    }


def test_each_refusal_carries_its_enum_code() -> None:
    refusals = {
        scoring.InstrumentDefinitionError(
            "items", "missing"
        ): ErrorCode.INVALID_INSTRUMENT_DEFINITION,
        scoring.InvalidAnswers("wrong count"): ErrorCode.INVALID_ANSWERS,
        services.InstrumentUnavailable(): ErrorCode.INSTRUMENT_UNAVAILABLE,
        services.CampaignClosed(): ErrorCode.CAMPAIGN_CLOSED,
        services.CallbackInvalid(): ErrorCode.CALLBACK_INVALID,
        campaigns.CampaignInvalid(): ErrorCode.CAMPAIGN_INVALID,
    }
    for error, code in refusals.items():
        assert error.code is code
        assert error.code == code.value
