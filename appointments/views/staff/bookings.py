"""Staff pages of appointments: the counsellor's day and bookings, the station lead's
calendars.

Each view checks access (no access reads as "not found"), calls one selector or
service and renders. Refusals of a service come back as messages in the user's
language.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from appointments import services
from appointments.forms.staff import MeetingLinkForm, WeekForm
from appointments.models import Booking, BookingStatus, Mode
from appointments.selectors import staff, station_week
from appointments.views.people import signed_in
from appointments.views.portal.bookings import cancel_confirm_page
from core import clock
from core.confirm import ConfirmForm
from core.web import attempt, render
from network import access
from network.access import Viewer


def _require(user: Viewer, perm: str) -> None:
    if not access.holds_anywhere(user, perm):
        raise Http404


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
@staff_member_required
def day(request: HttpRequest) -> HttpResponse:
    _require(request.user, access.Perm.COUNSEL)
    data = staff.counsellor_day(viewer=signed_in(request))
    return render(request, "appointments/staff/day.html", {"day": data, "now": timezone.now()})


def _counsellors_booking(request: HttpRequest, public_id: Any) -> Booking:
    booking = staff.booking_for_counsellor(viewer=signed_in(request), public_id=public_id)
    if booking is None:
        raise Http404
    return booking


@require_safe
@staff_member_required
def booking(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _counsellors_booking(request, public_id)
    phone = None
    if item.slot.mode == Mode.PHONE and item.status != BookingStatus.CANCELLED:
        # Shown here only, to this booking's counsellor; the read is audit-logged.
        phone = services.booking_phone_number(actor=signed_in(request), booking=item)
    form = None
    if item.slot.mode == Mode.ONLINE and item.status == BookingStatus.BOOKED:
        form = MeetingLinkForm(initial={"link": item.meeting_link})
    handover = services.booking_handover_read(actor=signed_in(request), booking=item)
    context = {
        "booking": item,
        "phone": phone,
        "handover": handover,
        "link_form": form,
        "now": timezone.now(),
    }
    response = render(request, "appointments/staff/booking.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _act(request: HttpRequest, call: Any, success: str, **kwargs: Any) -> bool:
    return attempt(
        lambda: call(actor=signed_in(request), **kwargs), request=request, success=success
    ).ok


def _back(request: HttpRequest, item: Booking) -> HttpResponse:
    if request.POST.get("next") == "day":
        return redirect("staff:appointments:day")
    return redirect("staff:appointments:booking", public_id=item.public_id)


@require_POST
@staff_member_required
def check_in(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _counsellors_booking(request, public_id)
    _act(
        request,
        services.booking_check_in,
        gettext("Marked as attended."),
        booking=item,
    )
    return _back(request, item)


@require_POST
@staff_member_required
def no_show(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _counsellors_booking(request, public_id)
    _act(
        request,
        services.booking_mark_no_show,
        gettext("Marked as did not come."),
        booking=item,
    )
    return _back(request, item)


@require_POST
@staff_member_required
def cancel(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The counsellor cancels a session (e.g. one that no longer fits the office hours);
    the worker is told at once with a link to rebook, and the slot goes to the waitlist."""
    item = _counsellors_booking(request, public_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        url = reverse("staff:appointments:booking_cancel", kwargs={"public_id": item.public_id})
        back = reverse("staff:appointments:booking", kwargs={"public_id": item.public_id})
        return cancel_confirm_page(request, item, form=form, cancel_url=url, back_url=back)
    done = _act(
        request,
        services.booking_cancel,
        gettext("The session is cancelled; the worker has been told."),
        booking=item,
    )
    return redirect("staff:appointments:day") if done else _back(request, item)


@require_POST
@staff_member_required
def meeting_link(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _counsellors_booking(request, public_id)
    form = MeetingLinkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, item)
    _act(
        request,
        services.booking_meeting_link_set,
        gettext("The meeting link is saved and sent to the worker."),
        booking=item,
        link=form.cleaned_data["link"] or "",
        link_base=_link_base(request),
    )
    return _back(request, item)


@require_safe
@staff_member_required
def stations(request: HttpRequest) -> HttpResponse:
    _require(request.user, access.Perm.VIEW_STATION_SCHEDULE)
    units = list(station_week.schedule_stations(viewer=signed_in(request)))
    return render(request, "appointments/staff/stations.html", {"units": units})


@require_safe
@staff_member_required
def station_calendar(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = station_week.schedule_station(viewer=signed_in(request), unit_id=unit_id)
    if unit is None:
        raise Http404
    form = WeekForm(request.GET)
    start = clock.today()
    if form.is_valid() and form.cleaned_data["week"]:
        start = form.cleaned_data["week"]
    week = station_week.station_week(viewer=signed_in(request), unit=unit, start=start)
    return render(request, "appointments/staff/station_calendar.html", {"week": week, "form": form})
