"""Portal pages of the waitlist: join, see an entry or an offer, accept, decline, leave.

Each view parses, calls one function of appointments.services.waitlist and responds;
someone else's entry is 404. Domain errors become messages.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from appointments import services
from appointments.forms.waitlist import WaitlistJoinForm
from appointments.models import WaitlistEntry
from appointments.selectors import waitlist as waitlist_selectors
from appointments.views.people import signed_in
from core.privacy import personal_page
from core.web import attempt, render


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@personal_page
@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = WaitlistJoinForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            outcome = attempt(
                lambda: services.waitlist_join(
                    actor=cast(User, request.user),  # login_required
                    station=data["station"],
                    day=data["day"],
                    counsellor=data.get("counsellor"),
                    mode=data.get("mode") or "",
                ),
                request=request,
                success=gettext(
                    "You are on the waitlist. We will send you a message when a time is free."
                ),
            )
            if outcome.value is None:
                return render(
                    request,
                    "appointments/waitlist_join.html",
                    {"form": form},
                    status=outcome.status,
                )
            return redirect("appointments:waitlist_offer", public_id=outcome.value.public_id)
        return render(request, "appointments/waitlist_join.html", {"form": form}, status=400)
    form = WaitlistJoinForm(initial=request.GET.dict())
    return render(request, "appointments/waitlist_join.html", {"form": form})


def _own_entry(request: HttpRequest, public_id: str) -> WaitlistEntry:
    entry = waitlist_selectors.entry_of(viewer=signed_in(request), public_id=public_id)
    if entry is None:
        raise Http404
    return entry


@personal_page
@login_required
@require_safe
def offer(request: HttpRequest, public_id: str) -> HttpResponse:
    """The entry's page: its place in line, or the running offer with accept and decline."""
    entry = _own_entry(request, public_id)
    return render(
        request,
        "appointments/waitlist_offer.html",
        {"entry": entry, "running": waitlist_selectors.offer_is_running(entry)},
    )


@login_required
@require_POST
def accept(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = _own_entry(request, public_id)
    outcome = attempt(
        lambda: services.waitlist_offer_accept(
            actor=signed_in(request), entry=entry, link_base=_link_base(request)
        ),
        request=request,
    )
    if outcome.value is None:
        return redirect("appointments:waitlist_offer", public_id=entry.public_id)
    return redirect("appointments:confirmation", public_id=outcome.value.public_id)


@login_required
@require_POST
def decline(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = _own_entry(request, public_id)
    attempt(
        lambda: services.waitlist_offer_decline(actor=signed_in(request), entry=entry),
        request=request,
        success=gettext("You declined this time. You stay on the waitlist for that day."),
    )
    return redirect("appointments:mine")


@login_required
@require_POST
def leave(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = _own_entry(request, public_id)
    attempt(
        lambda: services.waitlist_leave(actor=signed_in(request), entry=entry),
        request=request,
        success=gettext("You have left the waitlist."),
    )
    return redirect("appointments:mine")
