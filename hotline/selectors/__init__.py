"""The hotline's reads; each page-facing one takes `viewer`."""

from hotline.selectors.duty import OnDuty, on_duty, on_duty_for_unit
from hotline.selectors.lines import (
    eligible_people,
    line_for_unit,
    line_get,
    lines_visible_to,
    may_supervise,
    may_view,
)
from hotline.selectors.roster import Roster, gaps_ahead, roster_shifts, roster_weeks
from hotline.selectors.swaps import (
    SwapOptions,
    swap_get,
    swap_options,
    swaps_for_person,
    swaps_to_decide,
)
from hotline.selectors.welfare import WelfareRow, welfare_rows

__all__ = [
    "OnDuty",
    "Roster",
    "SwapOptions",
    "WelfareRow",
    "eligible_people",
    "gaps_ahead",
    "line_for_unit",
    "line_get",
    "lines_visible_to",
    "may_supervise",
    "may_view",
    "on_duty",
    "on_duty_for_unit",
    "roster_shifts",
    "roster_weeks",
    "swap_get",
    "swap_options",
    "swaps_for_person",
    "swaps_to_decide",
    "welfare_rows",
]
