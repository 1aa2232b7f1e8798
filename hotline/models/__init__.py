"""The hotline's models, by subject; every model is re-exported here (app_label hotline)."""

from hotline.models.callers import FLAGGED_RISKS, CallerFlag, CallerProfile, RiskLevel
from hotline.models.calls import (
    Call,
    CallerType,
    CallOutcome,
    CallSource,
    CallStatus,
    CallTopic,
    Channel,
)
from hotline.models.cases import (
    CaseOutcome,
    CaseStatus,
    HotlineCase,
    NextStep,
    Referral,
    ReferralBody,
    ReferralStatus,
    StepKind,
)
from hotline.models.contacts import ContactOutcome, ContactRequest, ContactSource, ContactStatus
from hotline.models.crisis import (
    CrisisIncident,
    EscalationChain,
    EscalationStep,
    StepTarget,
)
from hotline.models.petition import (
    HearingCategory,
    LegalAidOutcome,
    PetitionHearing,
    PetitionReferral,
    PetitionVisit,
)
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
from hotline.models.survey import SurveyAnswer, SurveyInvitation
from hotline.models.swaps import SwapRequest, SwapStatus
from hotline.models.welfare import WelfareEvent, WelfareEventKind

__all__ = [
    "FLAGGED_RISKS",
    "Call",
    "CallOutcome",
    "CallSource",
    "CallStatus",
    "CallTopic",
    "CallerFlag",
    "CallerProfile",
    "CallerType",
    "CaseOutcome",
    "CaseStatus",
    "Channel",
    "ContactOutcome",
    "ContactRequest",
    "ContactSource",
    "ContactStatus",
    "CrisisIncident",
    "Duty",
    "EscalationChain",
    "EscalationStep",
    "HearingCategory",
    "HotlineCase",
    "LegalAidOutcome",
    "Line",
    "NextStep",
    "PatternAssignment",
    "PatternEntry",
    "PetitionHearing",
    "PetitionReferral",
    "PetitionVisit",
    "Referral",
    "ReferralBody",
    "ReferralStatus",
    "RiskLevel",
    "RosterPattern",
    "Shift",
    "ShiftAssignment",
    "ShiftKind",
    "ShiftTemplate",
    "StepKind",
    "StepTarget",
    "SurveyAnswer",
    "SurveyInvitation",
    "SwapRequest",
    "SwapStatus",
    "WelfareEvent",
    "WelfareEventKind",
]
