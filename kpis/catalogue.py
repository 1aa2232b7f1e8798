"""The indicator codes plans, manual entries and approvals may name.

A stand-in for the indicator catalogue (kpis/indicators.py) that replaces it: the
planning side depends on this one function only.
"""

from __future__ import annotations

# Issue 16's list: computed indicators, then the manual ones (publicity, reach).
_CODES = (
    "units_active_district",
    "units_active_station",
    "units_active_room",
    "backbone_certified",
    "lectures_held",
    "lecture_attendances",
    "cadre_lectures",
    "online_courses_published",
    "online_learning_visits",
    "unit_assessments_completed",
    "assessments_taken",
    "counselling_sessions",
    "pod_sessions",
    "hotline_calls",
    "hotline_cases_closed",
    "crises_acknowledged_in_time",
    "petition_visits",
    "petition_cases_heard",
    "petition_people_counselled",
    "publicity_events",
    "article_reach",
)
MANUAL_CODES = ("publicity_events", "article_reach")


def indicator_codes() -> tuple[str, ...]:
    """Every indicator code a plan may target."""
    return _CODES


def manual_codes() -> tuple[str, ...]:
    """Codes entered by hand per unit and period (the platform cannot see them)."""
    return MANUAL_CODES
