"""The appointments models, by subject; every model is importable from here.

The app label stays `appointments` and the migrations are unchanged.
"""

from appointments.models.bookings import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    BookingStatus,
    ReasonCategory,
    ReferredBy,
)
from appointments.models.cases import (
    Case,
    CaseOutcome,
    CaseStatus,
    FollowUp,
    FollowUpKind,
    Referral,
    ReferralStatus,
    ReferralTarget,
    RiskLevel,
    SessionNote,
)
from appointments.models.pods import Pod, PodBooking, PodBookingStatus, PodKind
from appointments.models.schedule import (
    AvailabilityException,
    AvailabilityRule,
    ExceptionKind,
    Mode,
    Recurrence,
    Room,
    Slot,
)
from appointments.models.waitlist import WaitlistEntry, WaitlistStatus

__all__ = [
    "ACTIVE_BOOKING_STATUSES",
    "AvailabilityException",
    "AvailabilityRule",
    "Booking",
    "BookingStatus",
    "Case",
    "CaseOutcome",
    "CaseStatus",
    "ExceptionKind",
    "FollowUp",
    "FollowUpKind",
    "Mode",
    "Pod",
    "PodBooking",
    "PodBookingStatus",
    "PodKind",
    "ReasonCategory",
    "Recurrence",
    "Referral",
    "ReferralStatus",
    "ReferralTarget",
    "ReferredBy",
    "RiskLevel",
    "Room",
    "SessionNote",
    "Slot",
    "WaitlistEntry",
    "WaitlistStatus",
]
