"""Worker portal pages of appointments: browse free slots, book, confirm, manage.

Booking needs a signed-in worker. Accounts here are created and signed into
through allauth, which verifies the mobile number with an SMS code, so a
signed-in worker is reachable without giving a real name; the personal manage
link then works without signing in again.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from appointments import services
from appointments.forms.bookings import BookingForm, RescheduleForm
from appointments.models import Booking, Mode
from appointments.notifications import ics, links
from appointments.selectors import bookings, pods, waitlist
from appointments.selectors import slots as slots_selectors
from appointments.views.people import signed_in
from appointments.views.portal import free_times
from core.confirm import ConfirmForm
from core.privacy import personal_page
from core.web import attempt, render

if TYPE_CHECKING:
    from appointments.models import PodBooking, Slot


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def slot_list(request: HttpRequest) -> HttpResponse:
    """The form and the free times come from core.public_cache (free_times.public_part); the
    signed-in person's links and the waitlist form (with its CSRF token) are rendered here."""
    part = free_times.public_part(request)
    return render(
        request,
        "appointments/slot_list.html",
        {
            "form_html": mark_safe(part.form_html),  # noqa: S308  # our own templates' output
            "results_html": mark_safe(part.results_html),  # noqa: S308
            "waitlist_offer": part.waitlist_offer,
            "no_hours": part.no_hours,
        },
        status=HTTPStatus.BAD_REQUEST if part.invalid else None,
    )


@personal_page
@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, public_id: str) -> HttpResponse:
    slot = slots_selectors.any_slot(public_id)
    if slot is None:
        raise Http404
    form = BookingForm(request.POST if request.method == "POST" else None)
    base = {"slot": slot, "form": form, "alts": [], "phone_needed": _phone_needed(request, slot)}
    if request.method == "POST" and form.is_valid():
        worker = cast(User, request.user)  # login_required
        outcome = attempt(
            lambda: services.booking_create(
                actor=worker,
                worker=worker,
                slot=slot,
                reason=form.cleaned_data["reason"],
                link_base=_link_base(request),
            )
        )
        if outcome.value is not None:
            return redirect("appointments:confirmation", public_id=outcome.value.public_id)
        error = outcome.error
        alts = error.alternatives if isinstance(error, services.SlotTaken) else []
        context = {**base, "error": error.message if error else None, "alts": alts}
        return render(request, "appointments/book.html", context, status=outcome.status)
    return render(request, "appointments/book.html", base)


def _phone_needed(request: HttpRequest, slot: Slot) -> bool:
    """A phone session the worker cannot book yet: the page offers to add or verify a number."""
    return slot.mode == Mode.PHONE and not services.phone_session_allowed(request.user)


def _own_booking(request: HttpRequest, public_id: str) -> Booking:
    booking = bookings.booking_of(viewer=signed_in(request), public_id=public_id)
    if booking is None:
        raise Http404
    return booking


@personal_page
@login_required
@require_GET
def confirmation(request: HttpRequest, public_id: str) -> HttpResponse:
    booking = _own_booking(request, public_id)
    token = links.manage_token(booking)
    return render(
        request,
        "appointments/confirmation.html",
        {
            "booking": booking,
            "manage_url": request.build_absolute_uri(
                reverse("appointments:manage", kwargs={"token": token})
            ),
            "ics_url": reverse("appointments:manage_ics", kwargs={"token": token}),
        },
    )


def _ics_response(booking: Booking) -> HttpResponse:
    response = HttpResponse(
        ics.booking_calendar(booking), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="counselling.ics"'
    return response


@personal_page
@login_required
@require_GET
def booking_ics(request: HttpRequest, public_id: str) -> HttpResponse:
    return _ics_response(_own_booking(request, public_id))


def _managed(token: str) -> Booking:
    booking = bookings.booking_for_manage_token(token)
    if booking is None:
        raise Http404
    return booking


@personal_page
@require_GET
def manage_ics(request: HttpRequest, token: str) -> HttpResponse:
    return _ics_response(_managed(token))


@personal_page
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: anyone holding it acts as the booking's worker, until the start."""
    booking = _managed(token)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            confirm = ConfirmForm(request.POST)
            if not confirm.is_valid():
                return cancel_confirm_page(
                    request,
                    booking,
                    form=confirm,
                    cancel_url=reverse("appointments:manage", kwargs={"token": token}),
                    back_url=reverse("appointments:manage", kwargs={"token": token}),
                    hidden=(("action", "cancel"),),
                )
            cancelled = attempt(
                lambda: services.booking_cancel(actor=booking.worker, booking=booking),
                request=request,
                success=gettext("Your booking is cancelled."),
            )
            if cancelled.ok:
                return redirect("appointments:manage_done")
            status = cancelled.status or status
        else:
            form = RescheduleForm(request.POST)
            new_slot = (
                slots_selectors.any_slot(form.cleaned_data["slot"]) if form.is_valid() else None
            )
            if new_slot is None:
                raise Http404
            moved = attempt(
                lambda: services.booking_reschedule(
                    actor=booking.worker,
                    booking=booking,
                    new_slot=new_slot,
                    link_base=_link_base(request),
                ),
                request=request,
                success=gettext("Your booking has been moved."),
            )
            if moved.value is not None:
                return redirect("appointments:manage", token=links.manage_token(moved.value))
            status = moved.status or status
    booking.refresh_from_db()
    options = []
    if booking.status == "booked":
        options = list(
            slots_selectors.slot_search(station=booking.slot.station, mode=booking.slot.mode)[:20]
        )
    return render(
        request,
        "appointments/manage.html",
        {"booking": booking, "options": options, "token": token},
        status=status,
    )


@personal_page
@require_GET
def manage_done(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/manage_done.html")


@personal_page
@login_required
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    """Counselling bookings, waitlist entries and offers, and pod bookings (constant queries)."""
    upcoming, past = bookings.my_bookings(viewer=signed_in(request))
    pod_upcoming, pod_past = pods.my_pod_bookings(viewer=signed_in(request))
    context = {
        "upcoming": upcoming,
        "past": past,
        "waitlist": list(waitlist.worker_entries(viewer=signed_in(request))),
        "pod_upcoming": pod_upcoming,
        "pod_past": pod_past,
        "now": timezone.now(),
    }
    return render(request, "appointments/my_bookings.html", context)


def cancel_confirm_page(
    request: HttpRequest,
    booking: Booking | PodBooking,
    *,
    form: ConfirmForm,
    cancel_url: str,
    back_url: str,
    hidden: tuple[tuple[str, str], ...] = (),
    details_template: str = "appointments/_details.html",
) -> HttpResponse:
    """The confirmation step of cancelling (portal, manage link and staff): 400 when a POST
    came without the box ticked."""
    context = {
        "booking": booking,
        "form": form,
        "cancel_url": cancel_url,
        "back_url": back_url,
        "hidden": hidden,
        "details_template": details_template,
    }
    status = 400 if form.is_bound else 200
    return render(request, "appointments/cancel_confirm.html", context, status=status)


@personal_page
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    booking = _own_booking(request, public_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return cancel_confirm_page(
            request,
            booking,
            form=form,
            cancel_url=reverse("appointments:cancel", kwargs={"public_id": booking.public_id}),
            back_url=reverse("appointments:mine"),
        )
    attempt(
        lambda: services.booking_cancel(actor=signed_in(request), booking=booking),
        request=request,
        success=gettext("Your booking is cancelled."),
    )
    return redirect("appointments:mine")
