"""The demand view: orders by topic × district × month, as a table and a heat map."""

from __future__ import annotations

import uuid

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.web import render, signed_in_user
from courses import selectors
from courses.selectors.demand import MONTHS
from network.models import Level, OrgUnit


@require_safe
@staff_member_required
def demand(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.may_review_as_centre(user):
        raise Http404
    rounds = list(selectors.round_list(viewer=user))
    chosen = None
    try:
        wanted = uuid.UUID(request.GET.get("round", ""))
        chosen = next((r for r in rounds if r.public_id == wanted), None)
    except ValueError:
        chosen = rounds[0] if rounds else None
    districts = list(OrgUnit.objects.filter(level=Level.DISTRICT).order_by("path"))
    district = next((d for d in districts if str(d.public_id) == request.GET.get("district")), None)
    figures = selectors.demand(viewer=user, round=chosen, district=district) if chosen else None
    context = {
        "rounds": rounds,
        "round": chosen,
        "districts": districts,
        "district": district,
        "figures": figures,
        "months": MONTHS,
        "chart": figures.chart() if figures else None,
    }
    return render(request, "courses/staff/demand.html", context)
