"""The analysts' counts page: the year's figures over the lines in reach, no narrative.

`?year=` (2000 to this year; anything else is this year) and `?unit=` (an org unit's
public id: only the lines of its subtree; a bad or unknown one is no filter)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core import clock
from core.query_params import uuid_or_none, year_or_none
from core.web import render
from hotline.selectors.counts import count_units, hotline_counts


def _year(request: HttpRequest) -> int:
    year, this_year = year_or_none(request.GET.get("year")), clock.today().year
    return year if year is not None and year <= this_year else this_year


@require_safe
@staff_member_required
def counts(request: HttpRequest) -> HttpResponse:
    within = uuid_or_none(request.GET.get("unit"))
    figures = hotline_counts(viewer=request.user, year=_year(request), within=within)
    units = count_units(viewer=request.user)
    if figures.unit is not None and figures.unit.pk not in {u.pk for u in units}:
        units.insert(0, figures.unit)  # the select shows what the page is filtered on
    years = list(range(clock.today().year, clock.today().year - 5, -1))
    if figures.year not in years:
        years.append(figures.year)
    context = {"counts": figures, "years": years, "units": units}
    return render(request, "hotline/staff/counts.html", context)
