"""Station search for the portal, the map and the API: filters, near me, open now."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db.models import Exists, Prefetch, Q, QuerySet
from django.utils import timezone

from core import clock
from network.models import OpeningException, OpeningRule, OrgUnit, StationProfile
from network.selectors.distances import (
    EARTH_RADIUS_M,
    circle_metres,
    distance_expression,
    walk_metres_per_minute,
    walk_minutes,
)
from network.selectors.hours import is_open_at, open_at_condition


@dataclass(frozen=True)
class StationFilters:
    district: OrgUnit | None = None
    service: str | None = None
    open_now: bool = False
    open_24h: bool = False
    levels: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    within_minutes: float | None = None
    group: str | None = None
    q: str | None = None


# Columns only a station's own page shows; lists and the API leave them unloaded.
DETAIL_ONLY_FIELDS = ("description", "host_kind", "host_name", "employer_name", "employer_workers")
# Joins to a to-many table: only these filters can repeat a station.
TO_MANY_FILTERS = ("service", "group")


def stations_queryset(*, within_unit: OrgUnit | None = None) -> QuerySet[StationProfile]:
    """Active stations with everything a station's page shows (the parent, upcoming exceptions)."""
    qs = (
        StationProfile.objects.filter(unit__is_active=True)
        .select_related("unit", "unit__parent")
        .prefetch_related(
            "services",
            Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("weekday", "opens")),
            Prefetch(
                "opening_exceptions",
                queryset=OpeningException.objects.filter(
                    date__gte=clock.today() - timedelta(days=1)
                ),
            ),
        )
    )
    if within_unit is not None:
        qs = qs.filter(unit__path__startswith=within_unit.path)
    return qs


def _list_queryset(within_unit: OrgUnit | None, moment: datetime) -> QuerySet[StationProfile]:
    """Active stations with what a list, a map or an API page shows: no parent, no long
    texts, and only the exceptions "open now" and "today's hours" read (yesterday, today)."""
    today = clock.local_date(moment)
    qs = (
        StationProfile.objects.filter(unit__is_active=True)
        .select_related("unit")
        .defer(*DETAIL_ONLY_FIELDS)
        .prefetch_related(
            "services",
            Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("weekday", "opens")),
            Prefetch(
                "opening_exceptions",
                queryset=OpeningException.objects.filter(
                    date__in=(today - timedelta(days=1), today)
                ),
            ),
        )
    )
    if within_unit is not None:
        qs = qs.filter(unit__path__startswith=within_unit.path)
    return qs


def _filtered(
    filters: StationFilters,
    *,
    within_unit: OrgUnit | None,
    moment: datetime,
    where: Q | Exists | None,
    first: tuple[str, ...] = (),
) -> QuerySet[StationProfile]:
    """The search as one query, in the list's order (nearest first with `near`)."""
    qs = _list_queryset(within_unit, moment)
    if where is not None:
        qs = qs.filter(where)
    if filters.district is not None:
        qs = qs.filter(unit__path__startswith=filters.district.path)
    if filters.levels:
        qs = qs.filter(unit__level__in=filters.levels)
    if filters.service:
        qs = qs.filter(services__service=filters.service)
    if filters.open_24h:
        qs = qs.filter(open_24h=True)
    if filters.open_now:
        qs = qs.filter(open_at_condition(moment))
    if filters.group:
        qs = qs.filter(unit__groups__code=filters.group)
    if filters.q:
        qs = qs.filter(Q(unit__name__icontains=filters.q) | Q(address__icontains=filters.q))

    if filters.near is not None:
        lat, lng = filters.near
        if filters.within_minutes is not None:
            radius = filters.within_minutes * walk_metres_per_minute()
            dlat = math.degrees(radius / EARTH_RADIUS_M)
            dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
            qs = qs.filter(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng))
        qs = qs.annotate(distance_m=distance_expression(lat, lng))
        qs = qs.order_by(*first, "distance_m", "pk")
        if filters.within_minutes is not None:
            qs = qs.filter(distance_m__lte=filters.within_minutes * walk_metres_per_minute())
    else:
        qs = qs.order_by(*first, "unit__path")
    if any(getattr(filters, name) for name in TO_MANY_FILTERS):
        qs = qs.distinct()
    return qs


def search_stations(
    filters: StationFilters,
    *,
    within_unit: OrgUnit | None = None,
    now: datetime | None = None,
    where: Q | Exists | None = None,
    limit: int | None = None,
    offset: int = 0,
    first: tuple[str, ...] = (),
) -> list[StationProfile]:
    """Stations matching `filters`, nearest first when `near` is given.

    With `near`, each result carries `distance_m`, `walk_minutes` and
    `in_circle` (inside the 15-minute service circle); the distance is computed
    by the database, after a bounding-box prefilter when `within_minutes` is set.
    `open_now` is decided by the database (open_at_condition), so an open-now
    search loads only open stations; is_open_at checks the few loaded again.
    Other apps narrow the search with `where` (a condition on StationProfile,
    e.g. "has a free slot"); `limit` and `offset` cut a page in the database;
    `first` orders by these fields before the usual order (e.g. ("-open_24h",)).
    """
    moment = now or timezone.now()
    qs = _filtered(filters, within_unit=within_unit, moment=moment, where=where, first=first)
    if limit is not None:
        qs = qs[offset : offset + limit]
    elif offset:
        qs = qs[offset:]
    stations = list(qs)
    circle = circle_metres()
    for station in stations:
        station.is_open_now = is_open_at(station, moment)  # type: ignore[attr-defined]
        distance = getattr(station, "distance_m", None)
        if distance is not None:
            station.walk_minutes = walk_minutes(distance)  # type: ignore[attr-defined]
            station.in_circle = distance <= circle  # type: ignore[attr-defined]
    if filters.open_now:
        stations = [s for s in stations if s.is_open_now]  # type: ignore[attr-defined]
    return stations


def count_stations(
    filters: StationFilters,
    *,
    within_unit: OrgUnit | None = None,
    now: datetime | None = None,
    where: Q | Exists | None = None,
) -> int:
    """How many stations search_stations would return without a limit: one COUNT query."""
    moment = now or timezone.now()
    qs = _filtered(filters, within_unit=within_unit, moment=moment, where=where)
    return qs.order_by().count()


class StationResults:
    """A search as a sequence a Paginator pages through: one COUNT, then only the page asked
    for is loaded (search_stations with limit and offset)."""

    def __init__(
        self,
        filters: StationFilters,
        *,
        within_unit: OrgUnit | None = None,
        now: datetime | None = None,
    ) -> None:
        self.filters = filters
        self.within_unit = within_unit
        self.now = now or timezone.now()
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = count_stations(self.filters, within_unit=self.within_unit, now=self.now)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[StationProfile]:
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        return search_stations(
            self.filters,
            within_unit=self.within_unit,
            now=self.now,
            limit=max(0, stop - start),
            offset=start,
        )


def station_detail(
    public_id: UUID | str, *, within_unit: OrgUnit | None = None, now: datetime | None = None
) -> StationProfile | None:
    """The active station with this public id, or None (also when outside `within_unit`)."""
    station = stations_queryset(within_unit=within_unit).filter(unit__public_id=public_id).first()
    if station is not None:
        station.is_open_now = is_open_at(station, now or timezone.now())  # type: ignore[attr-defined]
    return station
