"""What changes the assessments' state: the public surface other apps and front doors call.

By subject: `instruments` (versions, the data files), `submissions` (anonymous answers,
retrieval codes, the personal archive), `callbacks` (the crisis path to the hotline),
`campaigns` (unit assessments) and `reports` (the personal PDF pipeline).
The base refusals they raise (core.errors) are re-exported with the app's own.
"""

from assessments.services.callbacks import (
    CallbackInvalid,
    callback_contacts_wipe,
    callback_request_create,
    callback_request_open_for,
    duty_unit,
)
from assessments.services.instruments import (
    INSTRUMENTS_DIR,
    LoadOutcome,
    instrument_load_files,
    instrument_version_create,
)
from assessments.services.submissions import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CampaignClosed,
    Demographics,
    InstrumentUnavailable,
    archive_consent_grant,
    archive_consent_revoke,
    campaign_check,
    current_version,
    hash_code,
    new_retrieval_code,
    normalise_code,
    submission_create,
    submission_for_code,
    submissions_create,
    submissions_for_code,
)
from core.errors import Conflict, DomainError, NotFound, PermissionDenied

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "INSTRUMENTS_DIR",
    "CallbackInvalid",
    "CampaignClosed",
    "Conflict",
    "Demographics",
    "DomainError",
    "InstrumentUnavailable",
    "LoadOutcome",
    "NotFound",
    "PermissionDenied",
    "archive_consent_grant",
    "archive_consent_revoke",
    "callback_contacts_wipe",
    "callback_request_create",
    "callback_request_open_for",
    "campaign_check",
    "current_version",
    "duty_unit",
    "hash_code",
    "instrument_load_files",
    "instrument_version_create",
    "new_retrieval_code",
    "normalise_code",
    "submission_create",
    "submission_for_code",
    "submissions_create",
    "submissions_for_code",
]
