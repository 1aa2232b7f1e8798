"""The "Sessions held" staff page: a year's attended one-to-one sessions or pod uses at the
stations in the viewer's reach, the records behind the KPI figures.

GET ?kind=counselling|pod &unit=<OrgUnit public id> &year=<yyyy> &page=<n>; a bad value
is no filter (a unit the viewer cannot choose included), a bad or missing year is the
current one, an unknown kind counselling.
No VIEW_STATION_SCHEDULE anywhere reads as "not found".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from appointments.forms.sessions import KIND_LABELS, SessionsFilterForm
from appointments.models import Booking, PodBooking
from appointments.selectors import sessions
from appointments.views.people import signed_in
from core import clock
from core.query_params import uuid_or_none, year_or_none
from core.web import render

PAGE_SIZE = 50
Held = Booking | PodBooking
YEARS_BACK = 5


@require_safe
@staff_member_required
def sessions_held(request: HttpRequest) -> HttpResponse:
    viewer = signed_in(request)
    if not sessions.may_open(viewer):
        raise Http404
    kind = sessions.SessionKind.parse(request.GET.get("kind"))
    asked = uuid_or_none(request.GET.get("unit"))
    this_year = clock.today().year
    year = year_or_none(request.GET.get("year")) or this_year
    units = list(sessions.filter_units(viewer))
    # Only a unit the filter offers filters: any other (unknown, outside the reach) is no
    # filter, so the page always shows what its form says.
    unit = next((u for u in units if u.public_id == asked), None)
    within = unit.public_id if unit else None
    years = sorted({year, *range(this_year, this_year - YEARS_BACK, -1)}, reverse=True)
    form = SessionsFilterForm(
        units=units,
        years=years,
        initial={"kind": kind, "unit": str(within or ""), "year": year},
    )
    qs = sessions.sessions_held(viewer, kind=kind, within=within, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": sessions.held_rows(viewer, cast(Iterable[Held], page.object_list)),
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "pods": kind == sessions.SessionKind.POD,
        "unit": unit,
        "year": year,
    }
    return render(request, "appointments/staff/sessions.html", context)
