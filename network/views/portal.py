"""Worker portal pages of the network: find a station, near me, the map, a station's page.

Every page parses its query string with StationSearchForm and reads through
network.selectors, so the list, the map's markers and the JSON always agree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from core import clock, public_cache
from core.web import render
from network import geocoding, selectors
from network.forms.portal import StationSearchForm
from network.models import StationProfile


@dataclass(frozen=True)
class Origin:
    """Where "near me" measures from, and how the page names it."""

    point: tuple[float, float]
    label: str


# Stations on one page of the list (and markers on its map).
PAGE_SIZE = 20


@dataclass(frozen=True)
class Search:
    form: StationSearchForm
    page: Page[StationProfile]
    origin: Origin | None

    @property
    def stations(self) -> list[StationProfile]:
        return list(self.page.object_list)


def _origin(form: StationSearchForm) -> Origin | None:
    """The starting point: the browser's location, typed coordinates, or a district's centre."""
    data = form.cleaned_data
    lat, lng = data.get("lat"), data.get("lng")
    if lat is not None and lng is not None:
        return Origin((lat, lng), gettext("your location"))
    point = data.get("point")
    if isinstance(point, tuple):
        # Never echo raw coordinates to a worker.
        return Origin(point, gettext("the point you typed"))
    if point:
        place = geocoding.geocoder().geocode(point)
        if place is None:
            form.add_error(
                "point",
                gettext(
                    "We could not find “%(text)s”. Type a district, a street or a station's "
                    "name, or choose a district."
                )
                % {"text": point},
            )
            return None
        return Origin(place.point, place.label)
    district = data.get("from_district")
    if district is not None:
        centre = selectors.district_centre(district)
        if centre is None:
            form.add_error(
                "from_district", gettext("This district has no stations to measure from yet.")
            )
            return None
        return Origin(centre, district.name)
    return None


def _search(request: HttpRequest, now: datetime) -> Search:
    """The one search behind the list, the map and the JSON, a page of PAGE_SIZE at a time.

    A malformed field becomes a form error and is left out; the valid fields
    still filter, so bad input never hides the list.
    """
    form = StationSearchForm(request.GET)
    form.is_valid()
    origin = _origin(form)
    data = form.cleaned_data
    filters = selectors.StationFilters(
        district=data.get("district"),
        service=data.get("service") or None,
        open_now=bool(data.get("open_now")),
        open_24h=bool(data.get("open_24h")),
        near=origin.point if origin else None,
        within_minutes=data.get("within") if origin else None,
    )
    results = selectors.StationResults(filters, now=now)
    paginator: Paginator[StationProfile] = Paginator(results, PAGE_SIZE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    return Search(form, page, origin)


def _map_settings() -> dict[str, Any]:
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_tile_crs": settings.MAP_TILE_CRS,
        "circle_minutes": settings.SERVICE_CIRCLE_MINUTES,
        "circle_m": round(selectors.circle_metres()),
    }


def _station_list_content(request: HttpRequest) -> tuple[str, bool]:
    """The page's public body (form, results, map, pages) and whether the form was invalid."""
    now = timezone.now()
    search = _search(request, now)
    context = {
        "form": search.form,
        "stations": search.stations,
        "page": search.page,
        "origin": search.origin,
        "today": clock.local_date(now),
        "map_source": f"{reverse('network:map_json')}?{request.GET.urlencode()}",
        **_map_settings(),
    }
    html = render_to_string("network/_station_list_content.html", context, request=request)
    return str(html), bool(search.form.errors)


def _public_parts(request: HttpRequest) -> tuple[Any, ...]:
    return (sorted(request.GET.lists()), get_language())


@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    """The body depends only on the query, the language and the minute: it is served from
    core.public_cache until a station changes. The page around it (the signed-in person's
    menu) is rendered per request."""
    html, invalid = public_cache.cached(
        "network.station_list",
        _public_parts(request),
        lambda: _station_list_content(request),
        namespaces=(public_cache.STATIONS,),
    )
    return render(
        request,
        "network/station_list.html",
        {"content": mark_safe(html)},  # noqa: S308  # our own template's output
        status=HTTPStatus.BAD_REQUEST if invalid else None,
    )


@require_GET
def station_map_json(request: HttpRequest) -> JsonResponse:
    """The stations of the list's page (same `page` parameter), in its order, as map markers."""

    def points() -> list[dict[str, Any]]:
        return [_map_point(s) for s in _search(request, timezone.now()).stations]

    markers = public_cache.cached(
        "network.station_map", _public_parts(request), points, namespaces=(public_cache.STATIONS,)
    )
    return JsonResponse(markers, safe=False)


def _map_point(station: StationProfile) -> dict[str, Any]:
    point: dict[str, Any] = {
        "id": str(station.unit.public_id),
        "name": station.unit.name,
        "lat": station.lat,
        "lng": station.lng,
        "url": reverse("network:station_detail", args=[station.unit.public_id]),
        "open_now": station.is_open_now,  # type: ignore[attr-defined]
    }
    distance = getattr(station, "distance_m", None)
    if distance is not None:
        point["distance_m"] = round(distance)
        point["in_circle"] = station.in_circle  # type: ignore[attr-defined]
    return point


@require_GET
def station_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    now = timezone.now()
    station = selectors.station_detail(public_id, now=now)
    if station is None:
        raise Http404("No such station.")
    today = clock.local_date(now)
    context = {
        "station": station,
        "today": today,
        "weekly_hours": selectors.hours_by_weekday(station),
        "exceptions": selectors.upcoming_exceptions(station, today),
        **_map_settings(),
    }
    return render(request, "network/station_detail.html", context)
