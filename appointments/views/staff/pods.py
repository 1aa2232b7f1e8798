"""Staff pages of pods (RUN_PODS): today's pod bookings in reach, mark used or
no-show, record a walk-in, this month's usage.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from appointments import services
from appointments.forms.pods import PodMarkForm, WalkInForm
from appointments.models import PodBooking
from appointments.selectors import pods as pods_selectors
from core import clock
from core.web import attempt, render
from network import access
from network.access import Perm


def _require(user: Any) -> None:
    if not access.holds_anywhere(user, Perm.RUN_PODS):
        raise Http404


@require_safe
@staff_member_required
@never_cache
def staff_pods(request: HttpRequest) -> HttpResponse:
    """Today's pod bookings at stations in reach, walk-in forms, this month's usage."""
    _require(request.user)
    pod_rows = list(pods_selectors.staff_pods(viewer=request.user))
    bookings = list(pods_selectors.staff_day_bookings(viewer=request.user))
    station_ids = list(dict.fromkeys(p.station_id for p in pod_rows))
    start, end = pods_selectors.month_bounds()
    usage = pods_selectors.pod_usage(station_ids=station_ids, start=start, end=end)
    stations = {p.station_id: p.station for p in pod_rows}
    by_pod: dict[int, list[PodBooking]] = {}
    for booking in bookings:
        by_pod.setdefault(booking.pod_id, []).append(booking)
    taken = {(b.pod_id, b.starts_at) for b in bookings}
    cards = [
        {
            "pod": pod,
            "bookings": by_pod.get(pod.pk, []),
            # The latest free times that have begun, the one under way last (the default).
            "walk_in_times": [
                t for t in pods_selectors.walk_in_times(pod) if (pod.pk, t) not in taken
            ][-8:],
        }
        for pod in pod_rows
    ]
    context = {
        "cards": cards,
        "usage": [(stations[pk], usage[pk]) for pk in station_ids],
        "month_start": start,
        "today": clock.today(),
    }
    return render(request, "appointments/staff/pods.html", context)


@require_POST
@staff_member_required
def staff_pod_mark(request: HttpRequest, public_id: str) -> HttpResponse:
    _require(request.user)
    booking = get_object_or_404(
        pods_selectors.staff_bookings(viewer=request.user), public_id=public_id
    )
    form = PodMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose “used” or “did not come”."))
        return redirect("staff:appointments:pods")
    attempt(
        lambda: services.pod_booking_mark(
            actor=request.user, booking=booking, status=form.cleaned_data["status"]
        ),
        request=request,
        success=gettext("Saved."),
    )
    return redirect("staff:appointments:pods")


@require_POST
@staff_member_required
def staff_pod_walk_in(request: HttpRequest, public_id: str) -> HttpResponse:
    _require(request.user)
    pod = get_object_or_404(pods_selectors.staff_pods(viewer=request.user), public_id=public_id)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose one of the times shown."))
        return redirect("staff:appointments:pods")
    attempt(
        lambda: services.pod_walk_in_record(
            actor=request.user, pod=pod, starts_at=form.cleaned_data.get("starts_at")
        ),
        request=request,
        success=gettext("The walk-in is recorded."),
    )
    return redirect("staff:appointments:pods")
