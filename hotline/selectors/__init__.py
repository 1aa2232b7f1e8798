"""The hotline's reads; each page-facing one takes `viewer`."""

from hotline.selectors.callers import CallerBanner, caller_banner
from hotline.selectors.calls import (
    call_get,
    districts,
    my_drafts,
    my_recent_calls,
    topics_active,
    unclaimed_drafts,
)
from hotline.selectors.contacts import contact_get, contact_queue, contacts_closed_recently
from hotline.selectors.crisis import (
    crises_alerting,
    crises_open_on_line,
    crises_recent,
    crisis_get,
)
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
from hotline.selectors.survey import (
    SurveyMonth,
    SurveyMonthCount,
    survey_monthly_counts,
    survey_months,
)
from hotline.selectors.swaps import (
    SwapOptions,
    swap_get,
    swap_options,
    swaps_for_person,
    swaps_to_decide,
)
from hotline.selectors.welfare import WelfareRow, welfare_rows

__all__ = [
    "CallerBanner",
    "OnDuty",
    "Roster",
    "SurveyMonth",
    "SurveyMonthCount",
    "SwapOptions",
    "WelfareRow",
    "call_get",
    "caller_banner",
    "contact_get",
    "contact_queue",
    "contacts_closed_recently",
    "crises_alerting",
    "crises_open_on_line",
    "crises_recent",
    "crisis_get",
    "districts",
    "eligible_people",
    "gaps_ahead",
    "line_for_unit",
    "line_get",
    "lines_visible_to",
    "may_supervise",
    "may_view",
    "my_drafts",
    "my_recent_calls",
    "on_duty",
    "on_duty_for_unit",
    "roster_shifts",
    "roster_weeks",
    "survey_monthly_counts",
    "survey_months",
    "swap_get",
    "swap_options",
    "swaps_for_person",
    "swaps_to_decide",
    "topics_active",
    "unclaimed_drafts",
    "welfare_rows",
]
