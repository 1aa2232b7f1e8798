"""The petition desk's visits across lines: a year's visit days with their totals.

The lines listed are those whose petition desk the viewer may open (Perm.HOTLINE_OPERATE
on the line's unit, as `lines.may_view`), optionally only those of one unit's subtree
(`within`, the KPI dashboard's link). The totals count what the KPI facts count
(hotline.facts.visit_facts / hearing_facts: a visit day each, its people counselled, a
case heard each, dated by the visit's day, at the line's unit). A visit row carries its
day, line, unit and counts only: no summary, no petitioner, no number. A fixed number of
queries whatever the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from core.errors import NotFound
from hotline.models import PetitionHearing, PetitionVisit
from hotline.selectors.lines import may_view, unit_filter
from network import access
from network.access import Perm, Viewer
from network.models import OrgUnit


@dataclass(frozen=True)
class VisitTotals:
    visits: int  # petition_visits
    cases_heard: int  # petition_cases_heard
    people_counselled: int  # petition_people_counselled


@dataclass(frozen=True)
class VisitList:
    year: int
    unit: OrgUnit | None  # the subtree filtered on; None: every line in reach
    totals: VisitTotals
    visits: QuerySet[PetitionVisit]  # newest first, with the line, its unit and `heard`


@dataclass(frozen=True)
class VisitRow:
    visit: PetitionVisit
    may_open: bool  # the visit's page (staff:hotline:petition_visit) opens for the viewer


def may_list_visits(viewer: Viewer) -> bool:
    return access.holds_anywhere(viewer, Perm.HOTLINE_OPERATE)


def _scope(viewer: Viewer, unit: OrgUnit | None, field: str) -> Q:
    """A Q over `field` (a line's unit path): the desks in reach, in `unit`'s subtree."""
    scope = access.scope_q(viewer, Perm.HOTLINE_OPERATE, field=field)
    if unit is None:
        return scope
    return scope & Q(**{f"{field}__startswith": unit.path})


def petition_visit_list(*, viewer: Viewer, year: int, within: UUID | None = None) -> VisitList:
    """The visits of `year` on the desks the viewer may open, with the year's totals;
    NotFound for a viewer who may open none. An unknown `within` is no filter."""
    if not may_list_visits(viewer):
        raise NotFound()
    unit = unit_filter(within)
    visits = PetitionVisit.objects.filter(_scope(viewer, unit, "line__unit__path"), day__year=year)
    sums = visits.aggregate(n=Count("pk"), people=Sum("people_counselled"))
    heard = PetitionHearing.objects.filter(
        _scope(viewer, unit, "visit__line__unit__path"), visit__day__year=year
    ).count()
    return VisitList(
        year=year,
        unit=unit,
        totals=VisitTotals(
            visits=sums["n"], cases_heard=heard, people_counselled=sums["people"] or 0
        ),
        visits=visits.select_related("line__unit")
        .annotate(heard=Count("hearings"))
        .order_by("-day", "-starts", "-pk"),
    )


def visit_rows(*, viewer: Viewer, visits: Iterable[PetitionVisit]) -> list[VisitRow]:
    """One page's visits with whether each one's page opens (no query: the viewer's
    memberships are read once)."""
    return [VisitRow(visit=v, may_open=may_view(viewer, v.line)) for v in visits]


def visit_units(*, viewer: Viewer) -> list[OrgUnit]:
    """The active units where the viewer may open petition desks, tree order (the
    page's unit filter)."""
    return list(
        access.units_visible_to(viewer, Perm.HOTLINE_OPERATE)
        .filter(is_active=True)
        .order_by("path")
        .only("public_id", "name", "path")
    )
