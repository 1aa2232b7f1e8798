"""The analysts' counts page: the year's figures over the lines in reach, no narrative."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core import clock
from core.web import render
from hotline.selectors.counts import hotline_counts


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = clock.today().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


@require_safe
@staff_member_required
def counts(request: HttpRequest) -> HttpResponse:
    figures = hotline_counts(viewer=request.user, year=_year(request))
    years = list(range(clock.today().year, clock.today().year - 5, -1))
    return render(request, "hotline/staff/counts.html", {"counts": figures, "years": years})
