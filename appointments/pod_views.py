"""Pages of the emotion-regulation pods and relaxation rooms (情绪调节舱).

Portal: list pods (by station), a pod's free 15-minute times on a day, book,
cancel. Staff (RUN_PODS): today's pod bookings in reach, mark used or no-show,
record a walk-in, this month's usage. Views parse, call appointments.pods and
respond; objects out of reach or someone else's are 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from appointments import pods
from appointments.models import Pod, PodBooking
from appointments.pod_forms import PodBookForm, PodDayForm, PodMarkForm, WalkInForm
from appointments.views import cancel_confirm_page
from core import clock
from core.confirm import ConfirmForm
from core.errors import DomainError, NotFound
from core.web import render
from network import access
from network.access import Perm

# --- Portal -------------------------------------------------------------------------------


@require_safe
def pod_list(request: HttpRequest) -> HttpResponse:
    """Pods by station; ?station=<public id> narrows to one station (from its page)."""
    all_pods = list(pods.portal_pods())
    stations: dict[int, Any] = {}
    for pod in all_pods:
        stations.setdefault(pod.station_id, pod.station)
    wanted = request.GET.get("station", "")
    chosen = next((s for s in stations.values() if str(s.public_id) == wanted), None)
    shown = [p for p in all_pods if chosen is None or p.station_id == chosen.pk]
    groups: list[tuple[Any, list[Pod]]] = []
    for pod in shown:
        if not groups or groups[-1][0].pk != pod.station_id:
            groups.append((pod.station, []))
        groups[-1][1].append(pod)
    context = {
        "groups": groups,
        "stations": list(stations.values()),
        "chosen": chosen,
        "session_minutes": settings.POD_SESSION_MINUTES,
    }
    return render(request, "appointments/pods/list.html", context)


def _pod(public_id: Any) -> Pod:
    pod = pods.pod_by_public_id(public_id)
    if pod is None:
        raise Http404
    return pod


@require_safe
def pod_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A pod's free times on a day (?day=YYYY-MM-DD, default its next open day)."""
    pod = _pod(public_id)
    days = pods.pod_days(pod)
    form = PodDayForm(request.GET or None)
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    if day not in days:
        day = days[0] if days else None
    times = pods.pod_free_times(pod=pod, day=day) if day is not None else []
    context = {
        "pod": pod,
        "days": days,
        "day": day,
        "times": times,
        "session_minutes": settings.POD_SESSION_MINUTES,
    }
    return render(request, "appointments/pods/detail.html", context)


@login_required
@require_POST
def pod_book(request: HttpRequest, public_id: str) -> HttpResponse:
    pod = _pod(public_id)
    form = PodBookForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose one of the times shown."))
        return redirect("appointments:pod_detail", public_id=pod.public_id)
    starts_at = form.cleaned_data["starts_at"]
    try:
        pods.pod_booking_create(
            actor=cast(User, request.user),  # login_required
            pod=pod,
            starts_at=starts_at,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        day = clock.local_date(starts_at)
        detail = reverse("appointments:pod_detail", kwargs={"public_id": pod.public_id})
        return redirect(f"{detail}?day={day.isoformat()}")
    messages.success(request, gettext("The pod is booked for you. See you there!"))
    return redirect("appointments:mine")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pod_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    booking = pods.pod_booking_of(viewer=request.user, public_id=public_id)
    if booking is None:
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return cancel_confirm_page(
            request,
            booking,
            form=form,
            cancel_url=reverse("appointments:pod_cancel", kwargs={"public_id": booking.public_id}),
            back_url=reverse("appointments:mine"),
            details_template="appointments/pods/_booking_details.html",
        )
    try:
        pods.pod_booking_cancel(actor=request.user, booking=booking)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("Your pod booking is cancelled."))
    return redirect("appointments:mine")


# --- Staff ----------------------------------------------------------------------------------


def _require(user: Any) -> None:
    if not access.holds_anywhere(user, Perm.RUN_PODS):
        raise Http404


@require_safe
@staff_member_required
@never_cache
def staff_pods(request: HttpRequest) -> HttpResponse:
    """Today's pod bookings at stations in reach, walk-in forms, this month's usage."""
    _require(request.user)
    pod_rows = list(pods.staff_pods(viewer=request.user))
    bookings = list(pods.staff_day_bookings(viewer=request.user))
    station_ids = list(dict.fromkeys(p.station_id for p in pod_rows))
    start, end = pods.month_bounds()
    usage = pods.pod_usage(station_ids=station_ids, start=start, end=end)
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
            "walk_in_times": [t for t in pods.walk_in_times(pod) if (pod.pk, t) not in taken][-8:],
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
    booking = get_object_or_404(pods.staff_bookings(viewer=request.user), public_id=public_id)
    form = PodMarkForm(request.POST)
    try:
        if not form.is_valid():
            raise pods.PodBookingRefused(gettext("Choose “used” or “did not come”."))
        pods.pod_booking_mark(
            actor=request.user, booking=booking, status=form.cleaned_data["status"]
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("Saved."))
    return redirect("staff:appointments:pods")


@require_POST
@staff_member_required
def staff_pod_walk_in(request: HttpRequest, public_id: str) -> HttpResponse:
    _require(request.user)
    pod = get_object_or_404(pods.staff_pods(viewer=request.user), public_id=public_id)
    form = WalkInForm(request.POST)
    try:
        if not form.is_valid():
            raise pods.PodBookingRefused(gettext("Choose one of the times shown."))
        pods.pod_walk_in_record(
            actor=request.user, pod=pod, starts_at=form.cleaned_data.get("starts_at")
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("The walk-in is recorded."))
    return redirect("staff:appointments:pods")
