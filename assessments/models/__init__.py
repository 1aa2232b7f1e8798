"""The assessments' models, by subject; every model is importable from here."""

from assessments.models.callbacks import CallbackRequest, CallbackStatus
from assessments.models.campaigns import Campaign
from assessments.models.instruments import Instrument, InstrumentVersion, InstrumentVersionQuerySet
from assessments.models.reports import Report, ReportStatus
from assessments.models.submissions import (
    AgeBand,
    ArchiveConsent,
    ArchiveEntry,
    Industry,
    KeyGroup,
    Submission,
)

__all__ = [
    "AgeBand",
    "ArchiveConsent",
    "ArchiveEntry",
    "CallbackRequest",
    "CallbackStatus",
    "Campaign",
    "Industry",
    "Instrument",
    "InstrumentVersion",
    "InstrumentVersionQuerySet",
    "KeyGroup",
    "Report",
    "ReportStatus",
    "Submission",
]
