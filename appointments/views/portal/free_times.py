"""The public part of the booking page (/appointments/): the search form and the free times.

It depends only on the query string, the language, the minute and one bit about the visitor
(whether they may book by phone: the cards say so to whoever may not), so it is rendered once
per key and served from core.public_cache until a slot, a booking, office hours or a station
change. The signed-in person's links and the waitlist form (with its CSRF token) are rendered
per request by bookings.slot_list. The waitlist offer and the "no office hours" note are kept
as plain values (names and public ids), never model rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext

from appointments import services
from appointments.forms.bookings import SlotSearchForm
from appointments.selectors import slots as slots_selectors
from core import public_cache
from network import geocoding
from network import selectors as network_selectors
from network.models import OrgUnit

# Free times on one page of the list; a "More free times" link shows the next ones.
PAGE_SIZE = 20


@dataclass(frozen=True)
class PublicPart:
    form_html: str
    results_html: str
    waitlist_offer: dict[str, Any] | None
    no_hours: dict[str, Any] | None
    invalid: bool


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


def _one_page(slots: Any, number: int) -> tuple[list[Any], int | None]:
    """The page's slots (one more is read to know whether there is a next page)."""
    start = (number - 1) * PAGE_SIZE
    found = list(slots[start : start + PAGE_SIZE + 1])
    return found[:PAGE_SIZE], (number + 1 if len(found) > PAGE_SIZE else None)


def _near(form: SlotSearchForm, data: dict[str, Any]) -> tuple[tuple[float, float] | None, str]:
    """Where "soonest near" starts and how the page names it; never raw coordinates."""
    typed = data.get("point")
    if isinstance(typed, tuple):
        return typed, gettext("the point you typed")
    if typed:
        place = geocoding.geocoder().geocode(typed)
        if place is not None:
            return place.point, place.label
        form.add_error("point", gettext("We could not find “%(text)s”.") % {"text": typed})
    district = data.get("from_district")
    if district is not None:
        return network_selectors.district_centre(district), district.name
    return None, ""


def _station(unit: OrgUnit) -> dict[str, Any]:
    return {"name": unit.name, "public_id": unit.public_id}


def _build(request: HttpRequest) -> PublicPart:
    form = SlotSearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "slots": [], "near": None, "origin": ""}
    offer: dict[str, Any] | None = None
    no_hours: dict[str, Any] | None = None
    number = _page_number(request)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        point, context["origin"] = _near(form, data)
        if point is not None:
            mode = data.get("mode") or None
            context["near"] = slots_selectors.soonest_near(point=point, mode=mode)
        else:
            counsellor = data.get("counsellor")
            found = slots_selectors.slot_search(
                station=data.get("station"),
                counsellor_id=counsellor.pk if counsellor else None,
                mode=data.get("mode") or None,
                day=data.get("date"),
            )
            context["slots"], context["next_page"] = _one_page(found, number)
            empty = slots_selectors.no_free_time(
                station=data.get("station"), day=data.get("date"), found=bool(context["slots"])
            )
            if empty is not None and not empty.keeps_hours:
                no_hours = {"station": _station(empty.station), "pods": empty.has_pods}
            elif empty is not None:
                practitioner = getattr(counsellor, "practitioner", None)
                offer = {
                    "station": _station(empty.station),
                    "day": empty.day,
                    "counsellor": (
                        {"practitioner": {"public_id": practitioner.public_id}}
                        if practitioner is not None
                        else None
                    ),
                    "mode": data.get("mode") or "",
                }
    elif not form.is_bound:
        context["slots"], context["next_page"] = _one_page(slots_selectors.slot_search(), number)
    return PublicPart(
        form_html=str(render_to_string("appointments/_slot_search.html", context, request)),
        results_html=str(render_to_string("appointments/_slot_results.html", context, request)),
        waitlist_offer=offer,
        no_hours=no_hours,
        invalid=bool(form.errors),
    )


def public_part(request: HttpRequest) -> PublicPart:
    # The slot cards say "by phone: needs a verified mobile number" to whoever may not book
    # by phone: one bit of the key, the same for every visitor in that case.
    by_phone = services.phone_session_allowed(request.user)
    return public_cache.cached(
        "appointments.slot_list",
        (sorted(request.GET.lists()), get_language(), by_phone),
        lambda: _build(request),
        namespaces=(public_cache.SLOTS, public_cache.STATIONS),
    )
