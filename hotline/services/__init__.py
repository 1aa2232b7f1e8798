"""The hotline's public surface: what other apps and the hotline's front doors call.

Other apps call only names listed here, with plain data (DESIGN.md).
"""

from hotline.selectors.duty import OnDuty, on_duty, on_duty_for_unit
from hotline.services.callers import caller_for_number, caller_number_reveal
from hotline.services.calls import (
    CallData,
    CallInvalid,
    call_create_from_switchboard,
    call_draft_discard,
    call_draft_save,
    call_log,
    call_start,
    call_topic_save,
    call_viewed,
)
from hotline.services.case_booking import case_book_counselling
from hotline.services.case_flags import cases_flag_overdue_steps, referrals_flag_unanswered
from hotline.services.case_steps import CaseInvalid, crisis_followups_waive
from hotline.services.cases import (
    case_close,
    case_open_from_call,
    case_update,
    referral_answer,
    step_add,
    step_complete,
)
from hotline.services.contacts import (
    ContactInvalid,
    contact_assign,
    contact_attempt,
    contact_close,
    contact_status_subscribe,
    contacts_flag_overdue,
    request_contact,
)
from hotline.services.crisis import (
    Checklist,
    CrisisInvalid,
    crisis_acknowledge,
    crisis_confirm_reminder,
    crisis_open,
    crisis_resolve,
    crisis_tick,
)
from hotline.services.setup import line_of as roster_line_of
from hotline.services.setup import roster_setup_delete, roster_setup_save
from hotline.services.shifts import (
    shift_add_extra,
    shift_cancel,
    shift_person_add,
    shift_person_replace,
)
from hotline.services.survey import (
    SurveyData,
    SurveyRefused,
    survey_answer,
    survey_check,
    survey_invite,
)
from hotline.services.swaps import (
    swap_request_accept,
    swap_request_approve,
    swap_request_create,
    swap_request_decline,
    swap_request_reject,
    swap_request_withdraw,
)
from hotline.services.welfare import welfare_event_record

__all__ = [
    "CallData",
    "CallInvalid",
    "CaseInvalid",
    "Checklist",
    "ContactInvalid",
    "CrisisInvalid",
    "OnDuty",
    "SurveyData",
    "SurveyRefused",
    "call_create_from_switchboard",
    "call_draft_discard",
    "call_draft_save",
    "call_log",
    "call_start",
    "call_topic_save",
    "call_viewed",
    "caller_for_number",
    "caller_number_reveal",
    "case_book_counselling",
    "case_close",
    "case_open_from_call",
    "case_update",
    "cases_flag_overdue_steps",
    "contact_assign",
    "contact_attempt",
    "contact_close",
    "contact_status_subscribe",
    "contacts_flag_overdue",
    "crisis_acknowledge",
    "crisis_confirm_reminder",
    "crisis_followups_waive",
    "crisis_open",
    "crisis_resolve",
    "crisis_tick",
    "on_duty",
    "on_duty_for_unit",
    "referral_answer",
    "referrals_flag_unanswered",
    "request_contact",
    "roster_line_of",
    "roster_setup_delete",
    "roster_setup_save",
    "shift_add_extra",
    "shift_cancel",
    "shift_person_add",
    "shift_person_replace",
    "step_add",
    "step_complete",
    "survey_answer",
    "survey_check",
    "survey_invite",
    "swap_request_accept",
    "swap_request_approve",
    "swap_request_create",
    "swap_request_decline",
    "swap_request_reject",
    "swap_request_withdraw",
    "welfare_event_record",
]
