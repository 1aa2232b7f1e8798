"""The error codes of appointments, and the refusals that recur.

API clients see these codes (`{"error": {"code": ...}}`): a value never changes.
A refusal raised from more than one place is one class here with its translated
message, so the code and the words stay together.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError

if TYPE_CHECKING:
    from appointments.models import Slot


class ErrorCode(StrEnum):
    """Every code an appointments refusal carries."""

    ATTENDANCE_REFUSED = "attendance_refused"
    BAD_MEETING_LINK = "bad_meeting_link"
    BOOKING_CANCELLED = "booking_cancelled"
    BOOKING_HAS_CASE = "booking_has_case"
    BOOKING_LIMIT = "booking_limit"
    BOOKING_NOT_OPEN = "booking_not_open"
    BOOKING_REFUSED = "booking_refused"
    CASE_CLOSED = "case_closed"
    CASE_EXISTS = "case_exists"
    CASE_INVALID = "case_invalid"
    CHECK_IN_TOO_EARLY = "check_in_too_early"
    CONSENT_REQUIRED = "consent_required"
    COUNSELLOR_OUT_OF_REACH = "counsellor_out_of_reach"
    COUNSELLOR_REQUIRED = "counsellor_required"
    DUE_IN_PAST = "due_in_past"
    FOLLOWUP_DONE = "followup_done"
    INVALID = "invalid"
    INVALID_CHOICE = "invalid_choice"
    NEXT_STEP_REQUIRED = "next_step_required"
    NO_SHOW_TOO_EARLY = "no_show_too_early"
    NOT_ONLINE = "not_online"
    NOT_PHONE = "not_phone"
    NOT_THIS_CASE = "not_this_case"
    NOT_YOUR_SLOT = "not_your_slot"
    NOTE_EMPTY = "note_empty"
    NOTE_LOCKED = "note_locked"
    OFFER_CLOSED = "offer_closed"
    OUTCOME_REQUIRED = "outcome_required"
    PHONE_INVALID = "phone_invalid"
    PHONE_IN_QUERY = "phone_in_query"
    PHONE_NOT_VERIFIED = "phone_not_verified"
    POD_BOOKING_REFUSED = "pod_booking_refused"
    POD_LIMIT = "pod_limit"
    POD_MARK_EARLY = "pod_mark_early"
    POD_MARK_INVALID = "pod_mark_invalid"
    POD_NOT_OPEN = "pod_not_open"
    POD_TIME_INVALID = "pod_time_invalid"
    POD_TIME_TAKEN = "pod_time_taken"
    POD_WALK_IN_CLOSED = "pod_walk_in_closed"
    POD_WALK_IN_TIME = "pod_walk_in_time"
    RESCHEDULE_ELSEWHERE = "reschedule_elsewhere"
    ROOM_ELSEWHERE = "room_elsewhere"
    SAME_COUNSELLOR = "same_counsellor"
    SESSION_STILL_BOOKED = "session_still_booked"
    SLOT_TAKEN = "slot_taken"
    STATION_OUT_OF_REACH = "station_out_of_reach"
    WAITLIST_DAY = "waitlist_day"
    WAITLIST_FREE_TIME = "waitlist_free_time"
    WAITLIST_LIMIT = "waitlist_limit"
    WAITLIST_NO_OFFICE_HOURS = "waitlist_no_office_hours"
    WAITLIST_REFUSED = "waitlist_refused"


class BookingRefused(DomainError):
    code = ErrorCode.BOOKING_REFUSED


class SlotTaken(Conflict):
    code = ErrorCode.SLOT_TAKEN
    default_message = _("Someone else has just booked this time. Please choose another one.")

    def __init__(self, *, alternatives: list[Slot]) -> None:
        super().__init__()
        self.alternatives = alternatives


class BookingNotOpen(Conflict):
    """The booking was cancelled, moved or already marked: nothing more to do with it."""

    code = ErrorCode.BOOKING_NOT_OPEN
    default_message = _("This booking is no longer open.")


class AttendanceRefused(DomainError):
    code = ErrorCode.ATTENDANCE_REFUSED


class CaseError(DomainError):
    code = ErrorCode.CASE_INVALID


class BookingHasCase(Conflict):
    code = ErrorCode.BOOKING_HAS_CASE
    default_message = _("This session already belongs to a case.")


class BookingCancelled(Conflict):
    code = ErrorCode.BOOKING_CANCELLED
    default_message = _("This booking was cancelled.")


class PodBookingRefused(DomainError):
    code = ErrorCode.POD_BOOKING_REFUSED


class PodTimeTaken(Conflict):
    code = ErrorCode.POD_TIME_TAKEN
    default_message = _("This time has just been taken. Please choose another one.")


class WaitlistRefused(DomainError):
    code = ErrorCode.WAITLIST_REFUSED


class OfferClosed(Conflict):
    code = ErrorCode.OFFER_CLOSED
    default_message = _("This offer is no longer open.")


def invalid_choice(field_name: str) -> CaseError:
    """A value that is not one of a choice field's options, shown on that field."""
    message = gettext("Choose one of the options.")
    return CaseError(message, code=ErrorCode.INVALID_CHOICE, fields={field_name: [message]})
