"""What changes appointments state: the public surface other apps and the front doors call.

Each service is keyword-only, takes `actor` (who acts) apart from its subject, owns its
transaction, audits, and sends side effects through the outbox. Inside the app, modules
import the submodule (`appointments.services.bookings`), never this package.
"""

from appointments.services.attendance import (
    AttendanceRefused,
    booking_check_in,
    booking_mark_no_show,
    booking_meeting_link_set,
    booking_phone_number,
    check_in_is_open,
    check_in_opens_at,
)
from appointments.services.bookings import (
    BookingRefused,
    SlotTaken,
    booking_cancel,
    booking_create,
    booking_reschedule,
    phone_session_allowed,
)
from appointments.services.case_steps import case_ensure_next_step
from appointments.services.cases import (
    CaseError,
    case_book_session,
    case_close,
    case_link_booking,
    case_open,
    case_update,
    cases_sweep_next_steps,
)
from appointments.services.followups import followup_complete, followup_create
from appointments.services.handover import (
    ReferralSlot,
    ReferredBooking,
    booking_create_referred,
    booking_handover_read,
    referral_free_slots,
    referred_bookings_status,
)
from appointments.services.notes import (
    note_addendum,
    note_edit,
    note_editable_until,
    note_read_one,
    note_write,
    notes_read,
)
from appointments.services.office_hours import (
    office_hours_exception_delete,
    office_hours_exception_save,
    office_hours_rule_delete,
    office_hours_rule_save,
    pod_save,
    room_save,
)
from appointments.services.pods import (
    PodBookingRefused,
    PodTimeTaken,
    pod_booking_cancel,
    pod_booking_create,
    pod_booking_mark,
    pod_walk_in_record,
)
from appointments.services.referrals import referral_create, referral_update
from appointments.services.schedule import slots_regenerate, slots_regenerate_all
from appointments.services.waitlist import (
    OfferClosed,
    WaitlistRefused,
    offers_expire,
    slot_freed,
    waitlist_join,
    waitlist_leave,
    waitlist_offer_accept,
    waitlist_offer_decline,
)

__all__ = [
    "AttendanceRefused",
    "BookingRefused",
    "CaseError",
    "OfferClosed",
    "PodBookingRefused",
    "PodTimeTaken",
    "ReferralSlot",
    "ReferredBooking",
    "SlotTaken",
    "WaitlistRefused",
    "booking_cancel",
    "booking_check_in",
    "booking_create",
    "booking_create_referred",
    "booking_handover_read",
    "booking_mark_no_show",
    "booking_meeting_link_set",
    "booking_phone_number",
    "booking_reschedule",
    "case_book_session",
    "case_close",
    "case_ensure_next_step",
    "case_link_booking",
    "case_open",
    "case_update",
    "cases_sweep_next_steps",
    "check_in_is_open",
    "check_in_opens_at",
    "followup_complete",
    "followup_create",
    "note_addendum",
    "note_edit",
    "note_editable_until",
    "note_read_one",
    "note_write",
    "notes_read",
    "offers_expire",
    "office_hours_exception_delete",
    "office_hours_exception_save",
    "office_hours_rule_delete",
    "office_hours_rule_save",
    "phone_session_allowed",
    "pod_booking_cancel",
    "pod_booking_create",
    "pod_booking_mark",
    "pod_save",
    "pod_walk_in_record",
    "referral_create",
    "referral_free_slots",
    "referral_update",
    "referred_bookings_status",
    "room_save",
    "slot_freed",
    "slots_regenerate",
    "slots_regenerate_all",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_offer_accept",
    "waitlist_offer_decline",
]
