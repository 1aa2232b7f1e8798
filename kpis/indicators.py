"""The indicator catalogue: what each KPI counts, how it rolls up, where it comes from.

Computed indicators are recorded as facts by the app that owns the work (its
`<app>/facts.py` maps records to facts, its services record them); `TREE` ones are
read straight from the org tree (active units by level: the tree is small and always
current, so a fact copy would only add a way to go stale); `MANUAL` ones are entered by
hand per unit and month (kpis.services.manual_entry_set). `NOT_RECORDED` indicators
would be in the catalogue (plans may target them) while no app records them yet, so
dashboards leave them out rather than show a false zero (none is left today).

Each indicator says how it aggregates up the tree (`Aggregation`). The figures engine
(kpis.selectors.figures) sums facts over the unit's subtree, and the other two are made
sums by where their facts come from: `backbone_certified` is a DISTINCT count of people
(learning.facts records one fact per person and year, citywide, at the unit of their
first certificate of the year, so the subtree's sum counts each person once), and the
`units_active_*` counts are the LATEST state, read from the tree as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    COMPUTED = "computed", _("recorded by the platform")
    TREE = "tree", _("read from the network")
    MANUAL = "manual", _("entered by hand")
    NOT_RECORDED = "not_recorded", _("not yet recorded")


class Period(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")


class Aggregation(models.TextChoices):
    SUM = "sum", _("sum over the subtree")
    DISTINCT = "distinct", _("distinct people over the subtree")
    LATEST = "latest", _("latest state of the subtree")


class Breakdown(models.TextChoices):
    KEY_GROUP = "key_group", _("key group")
    DISTRICT = "district", _("district")
    MONTH = "month", _("month")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    measure: Promise
    origin: Origin
    period: Period = Period.YEAR
    breakdowns: tuple[Breakdown, ...] = (Breakdown.DISTRICT, Breakdown.MONTH)
    counts_people: bool = False
    aggregation: Aggregation = Aggregation.SUM
    # For a share: the indicator it is a part of (assessments mild or above / taken).
    share_of: str = ""

    @property
    def group(self) -> Promise:
        """The indicator group (one sheet of the xlsx export)."""
        for prefix, name in GROUPS:
            if self.code.startswith(prefix):
                return name
        return _("Other")

    @property
    def shown(self) -> bool:
        """On dashboards and in the API (not-yet-recorded indicators are left out)."""
        return self.origin != Origin.NOT_RECORDED


# Indicator groups by code prefix, in the order of the export's sheets.
GROUPS: tuple[tuple[str, Promise], ...] = (
    ("units_", _("Network")),
    ("backbone", _("Courses and learning")),
    ("lecture", _("Courses and learning")),
    ("cadre", _("Courses and learning")),
    ("online", _("Courses and learning")),
    ("unit_assessments", _("Assessments")),
    ("assessments", _("Assessments")),
    ("counselling", _("Counselling")),
    ("pod", _("Counselling")),
    ("hotline", _("Hotline")),
    ("crises", _("Hotline")),
    ("petition", _("Union and petition desk")),
    ("publicity", _("Publicity")),
    ("article", _("Publicity")),
)

_C, _T, _M, _N = Origin.COMPUTED, Origin.TREE, Origin.MANUAL, Origin.NOT_RECORDED
_UNITS, _PEOPLE = _("units"), _("people")
_KG = (Breakdown.KEY_GROUP, Breakdown.DISTRICT, Breakdown.MONTH)
_ONLY_DISTRICT = (Breakdown.DISTRICT,)

CATALOGUE: tuple[Indicator, ...] = (
    Indicator("units_active_district", _("District sub-centres active"), _UNITS, _T,
              breakdowns=_ONLY_DISTRICT, aggregation=Aggregation.LATEST),
    Indicator("units_active_station", _("Heart stations active"), _UNITS, _T,
              breakdowns=_ONLY_DISTRICT, aggregation=Aggregation.LATEST),
    Indicator("units_active_room", _("Enterprise service rooms active"), _UNITS, _T,
              breakdowns=_ONLY_DISTRICT, aggregation=Aggregation.LATEST),
    Indicator("backbone_certified", _("Backbone staff certified"), _PEOPLE, _C,
              counts_people=True, aggregation=Aggregation.DISTINCT),
    Indicator("lectures_held", _("Lectures held"), _("lectures"), _C),
    Indicator("lecture_attendances", _("Worker attendances at lectures"), _("attendances"), _C,
              breakdowns=_KG, counts_people=True),
    Indicator("cadre_lectures", _("Lectures for cadres"), _("lectures"), _C),
    Indicator("online_courses_published", _("Premium online courses published"),
              _("courses"), _C, period=Period.MONTH),
    Indicator("online_learning_visits", _("Online learning visits"), _("visits"), _C,
              counts_people=True),
    Indicator("unit_assessments_completed", _("Unit assessment campaigns completed"),
              _("campaigns"), _C),
    Indicator("assessments_taken", _("Assessments taken"), _("assessments"), _C,
              breakdowns=_KG, counts_people=True),
    Indicator("assessments_mild_or_above", _("Assessments in mild or higher bands"),
              _("assessments"), _C, breakdowns=_KG, counts_people=True,
              share_of="assessments_taken"),
    Indicator("counselling_sessions", _("One-to-one counselling sessions held"),
              _("sessions"), _C, counts_people=True),
    Indicator("pod_sessions", _("Emotion-regulation pod sessions"), _("sessions"), _C,
              counts_people=True),
    Indicator("hotline_calls", _("Hotline calls"), _("calls"), _C, breakdowns=_KG,
              counts_people=True),
    Indicator("hotline_cases_closed", _("Hotline cases closed with an outcome"), _("cases"), _C,
              counts_people=True),
    Indicator("crises_acknowledged_in_time", _("Crises acknowledged within the target time"),
              _("crises"), _C, counts_people=True),
    Indicator("petition_visits", _("Petition-desk visit days"), _("visits"), _C),
    Indicator("petition_cases_heard", _("Petition cases heard"), _("cases"), _C,
              counts_people=True),
    Indicator("petition_people_counselled", _("People counselled at the petition desk"),
              _PEOPLE, _C, counts_people=True),
    Indicator("publicity_events", _("Publicity events"), _("events"), _M, period=Period.MONTH),
    Indicator("article_reach", _("Reach of articles"), _("readers"), _M, period=Period.MONTH),
)  # fmt: skip

_BY_CODE = {indicator.code: indicator for indicator in CATALOGUE}


def indicator(code: str) -> Indicator:
    return _BY_CODE[code]


def indicator_codes() -> tuple[str, ...]:
    """Every indicator code a plan may target."""
    return tuple(_BY_CODE)


def manual_codes() -> tuple[str, ...]:
    """Codes entered by hand per unit and period (the platform cannot see them)."""
    return tuple(i.code for i in CATALOGUE if i.origin == Origin.MANUAL)


def computed_codes() -> tuple[str, ...]:
    """Codes whose figures come from the fact table."""
    return tuple(i.code for i in CATALOGUE if i.origin == Origin.COMPUTED)


# Active units by level, read from the tree (Origin.TREE).
TREE_LEVELS = {
    "units_active_district": "district",
    "units_active_station": "station",
    "units_active_room": "room",
}

# Breakdown keys the apps record (a sign-in's or a call's key-group flags).
KEY_GROUPS = {
    "gig": _("new-employment-form (gig) workers"),
    "women": _("women workers"),
    "hardship": _("families in hardship"),
}


def key_group_label(key: str) -> str:
    return str(KEY_GROUPS.get(key, key))
