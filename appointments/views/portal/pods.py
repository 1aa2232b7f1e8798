"""Portal pages of the emotion-regulation pods and relaxation rooms (情绪调节舱):
list pods (by station), a pod's free 15-minute times on a day, book, cancel.
Objects out of reach or someone else's are 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from appointments import services
from appointments.forms.pods import PodBookForm, PodDayForm
from appointments.models import Pod
from appointments.selectors import pods as pods_selectors
from appointments.views.people import signed_in
from appointments.views.portal.bookings import cancel_confirm_page
from core import clock
from core.confirm import ConfirmForm
from core.web import attempt, render


@require_safe
def pod_list(request: HttpRequest) -> HttpResponse:
    """Pods by station; ?station=<public id> narrows to one station (from its page)."""
    all_pods = list(pods_selectors.portal_pods())
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
    pod = pods_selectors.pod_by_public_id(public_id)
    if pod is None:
        raise Http404
    return pod


@require_safe
def pod_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A pod's free times on a day (?day=YYYY-MM-DD, default its next open day)."""
    pod = _pod(public_id)
    days = pods_selectors.pod_days(pod)
    form = PodDayForm(request.GET or None)
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    if day not in days:
        day = days[0] if days else None
    times = pods_selectors.pod_free_times(pod=pod, day=day) if day is not None else []
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
    outcome = attempt(
        lambda: services.pod_booking_create(
            actor=cast(User, request.user),  # login_required
            pod=pod,
            starts_at=starts_at,
        ),
        request=request,
        success=gettext("The pod is booked for you. See you there!"),
    )
    if not outcome.ok:
        day = clock.local_date(starts_at)
        detail = reverse("appointments:pod_detail", kwargs={"public_id": pod.public_id})
        return redirect(f"{detail}?day={day.isoformat()}")
    return redirect("appointments:mine")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pod_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    booking = pods_selectors.pod_booking_of(viewer=signed_in(request), public_id=public_id)
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
    attempt(
        lambda: services.pod_booking_cancel(actor=signed_in(request), booking=booking),
        request=request,
        success=gettext("Your pod booking is cancelled."),
    )
    return redirect("appointments:mine")
