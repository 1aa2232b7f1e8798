"""Staff pages of pods (RUN_PODS): today's pod bookings in reach, mark used or
no-show, record a walk-in, this month's usage.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from appointments import services
from appointments.forms.pods import PodMarkForm, WalkInForm
from appointments.selectors import pods as pods_selectors
from appointments.views.people import signed_in
from core import clock
from core.web import attempt, render
from network import access
from network.access import Perm, Viewer


def _require(user: Viewer) -> None:
    if not access.holds_anywhere(user, Perm.RUN_PODS):
        raise Http404


@require_safe
@staff_member_required
@never_cache
def staff_pods(request: HttpRequest) -> HttpResponse:
    """Today's pod bookings at stations in reach, walk-in forms, this month's usage."""
    _require(request.user)
    today = pods_selectors.staff_pods_today(viewer=signed_in(request))
    context = {
        "cards": today.cards,
        "usage": today.usage,
        "month_start": today.month_start,
        "today": clock.today(),
    }
    return render(request, "appointments/staff/pods.html", context)


@require_POST
@staff_member_required
def staff_pod_mark(request: HttpRequest, public_id: str) -> HttpResponse:
    _require(request.user)
    booking = get_object_or_404(
        pods_selectors.staff_bookings(viewer=signed_in(request)), public_id=public_id
    )
    form = PodMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose “used” or “did not come”."))
        return redirect("staff:appointments:pods")
    attempt(
        lambda: services.pod_booking_mark(
            actor=signed_in(request), booking=booking, status=form.cleaned_data["status"]
        ),
        request=request,
        success=gettext("Saved."),
    )
    return redirect("staff:appointments:pods")


@require_POST
@staff_member_required
def staff_pod_walk_in(request: HttpRequest, public_id: str) -> HttpResponse:
    _require(request.user)
    pod = get_object_or_404(
        pods_selectors.staff_pods(viewer=signed_in(request)), public_id=public_id
    )
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose one of the times shown."))
        return redirect("staff:appointments:pods")
    attempt(
        lambda: services.pod_walk_in_record(
            actor=signed_in(request), pod=pod, starts_at=form.cleaned_data.get("starts_at")
        ),
        request=request,
        success=gettext("The walk-in is recorded."),
    )
    return redirect("staff:appointments:pods")
