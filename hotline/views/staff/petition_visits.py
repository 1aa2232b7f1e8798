"""The petition desk's visits across lines: `?unit=` (an org unit's public id: only the
lines of its subtree) and `?year=` (the visit's day; this year by default), each filter
lenient (a bad value is no filter), paginated; totals at the top, no narrative."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core import clock
from core.query_params import uuid_or_none, year_or_none
from core.web import render
from hotline.selectors.petition_list import petition_visit_list, visit_rows, visit_units

PAGE_SIZE = 50


@require_safe
@staff_member_required
def visit_list(request: HttpRequest) -> HttpResponse:
    this_year = clock.today().year
    year = year_or_none(request.GET.get("year")) or this_year
    within = uuid_or_none(request.GET.get("unit"))
    found = petition_visit_list(viewer=request.user, year=year, within=within)
    page = Paginator(found.visits, PAGE_SIZE).get_page(request.GET.get("page"))
    units = visit_units(viewer=request.user)
    if found.unit is not None and found.unit.pk not in {u.pk for u in units}:
        units.insert(0, found.unit)  # the select shows what the page is filtered on
    years = list(range(this_year, this_year - 5, -1))
    if year not in years:
        years.append(year)
    context = {
        "found": found,
        "page": page,
        "rows": visit_rows(viewer=request.user, visits=page.object_list),
        "units": units,
        "years": years,
    }
    return render(request, "hotline/staff/petition_visits.html", context)
