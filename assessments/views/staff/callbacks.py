"""Staff pages of the assessments app: risk results per day, and the old address of the
call-back list, which now sends staff to the hotline's contact queue (where call-backs
are taken, called and closed; hotline.views.staff.contacts).

Each view checks the permission (no permission reads as "not found").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from assessments import selectors
from core.web import render
from network import access
from network.access import Perm, Viewer


def _require(user: Viewer, perm: str) -> None:
    if not access.holds_anywhere(user, perm):
        raise Http404


@require_safe
@staff_member_required
def callback_list(request: HttpRequest) -> HttpResponse:
    """The old call-back list: call-backs are handled in the hotline's contact queue now."""
    _require(request.user, Perm.HANDLE_CALLBACKS)
    return redirect("staff:hotline:queue")


@require_safe
@staff_member_required
def risk_counts(request: HttpRequest) -> HttpResponse:
    _require(request.user, Perm.VIEW_RISK_COUNTS)
    context = {
        "counts": selectors.risk_counts(request.user),
        "min_group": settings.MIN_GROUP_SIZE,
    }
    return render(request, "assessments/staff/risk_counts.html", context)
