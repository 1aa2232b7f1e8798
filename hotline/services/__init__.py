"""The hotline's public surface: what other apps and the hotline's front doors call.

Other apps call only names listed here, with plain data (DESIGN.md).
"""

from hotline.selectors.duty import OnDuty, on_duty, on_duty_for_unit
from hotline.services.setup import line_of as roster_line_of
from hotline.services.setup import roster_setup_delete, roster_setup_save
from hotline.services.shifts import (
    shift_add_extra,
    shift_cancel,
    shift_person_add,
    shift_person_replace,
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
    "OnDuty",
    "on_duty",
    "on_duty_for_unit",
    "roster_line_of",
    "roster_setup_delete",
    "roster_setup_save",
    "shift_add_extra",
    "shift_cancel",
    "shift_person_add",
    "shift_person_replace",
    "swap_request_accept",
    "swap_request_approve",
    "swap_request_create",
    "swap_request_decline",
    "swap_request_reject",
    "swap_request_withdraw",
    "welfare_event_record",
]
