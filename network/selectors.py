"""Reads of the network: station search, near me, open now, coverage."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from network.models import (
    Level,
    OpeningException,
    OpeningRule,
    OrgUnit,
    StationProfile,
)

EARTH_RADIUS_M = 6_371_008.8
SERVING_LEVELS = (Level.DISTRICT, Level.STATION, Level.ROOM)


def network_tz() -> ZoneInfo:
    return ZoneInfo(settings.NETWORK_TIME_ZONE)


def walk_metres_per_minute() -> float:
    return settings.WALKING_SPEED_KMH * 1000 / 60


def circle_metres() -> float:
    """Radius of the service circle: SERVICE_CIRCLE_MINUTES of walking."""
    return settings.SERVICE_CIRCLE_MINUTES * walk_metres_per_minute()


def walk_minutes(distance_m: float) -> int:
    return max(1, math.ceil(distance_m / walk_metres_per_minute()))


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (the same formula the database query uses)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _distance_expression(lat: float, lng: float) -> Any:
    """Haversine in SQL over StationProfile.lat/lng, portable to SQLite and PostgreSQL."""
    lat_r, lng_r = math.radians(lat), math.radians(lng)
    half_dlat = (Radians(F("lat"), output_field=FloatField()) - lat_r) / 2
    half_dlng = (Radians(F("lng"), output_field=FloatField()) - lng_r) / 2
    a = Power(Sin(half_dlat), 2) + math.cos(lat_r) * Cos(Radians(F("lat"))) * Power(
        Sin(half_dlng), 2
    )
    return 2 * EARTH_RADIUS_M * ASin(Least(Sqrt(a), 1.0), output_field=FloatField())


# --- opening hours ---------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


def _intervals_for_day(
    day: date,
    rules: Sequence[OpeningRule],
    exceptions: dict[date, OpeningException],
    tz: ZoneInfo,
) -> list[Interval]:
    """Opening intervals that start on `day` (an interval may run past midnight)."""

    def interval(opens: time, closes: time) -> Interval:
        start = datetime.combine(day, opens, tzinfo=tz)
        end_day = day if closes > opens else day + timedelta(days=1)
        return Interval(start, datetime.combine(end_day, closes, tzinfo=tz))

    exception = exceptions.get(day)
    if exception is not None:
        if exception.closed or exception.opens is None or exception.closes is None:
            return []
        return [interval(exception.opens, exception.closes)]
    return [interval(r.opens, r.closes) for r in rules if r.weekday == day.weekday()]


def is_open_at(station: StationProfile, moment: datetime) -> bool:
    """Open at `moment`, from the weekly rules and dated exceptions in the network's zone.

    Uses `station.opening_rules.all()` and `opening_exceptions.all()`, so a
    list prefetches them once (see stations_queryset).
    """
    if station.open_24h:
        return True
    tz = network_tz()
    local = moment.astimezone(tz)
    rules = list(station.opening_rules.all())
    exceptions = {e.date: e for e in station.opening_exceptions.all()}
    # Yesterday's late hours may still be running after midnight.
    for day in (local.date() - timedelta(days=1), local.date()):
        for span in _intervals_for_day(day, rules, exceptions, tz):
            if span.start <= local < span.end:
                return True
    return False


def hours_by_weekday(station: StationProfile) -> list[tuple[int, list[OpeningRule]]]:
    rules = list(station.opening_rules.all())
    return [(weekday, [r for r in rules if r.weekday == weekday]) for weekday in range(7)]


def upcoming_exceptions(station: StationProfile, today: date, days: int = 60) -> list[Any]:
    return [
        e for e in station.opening_exceptions.all() if today <= e.date <= today + timedelta(days)
    ]


# --- station search --------------------------------------------------------------------


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


def stations_queryset(*, within_unit: OrgUnit | None = None) -> QuerySet[StationProfile]:
    """Active stations with everything a list, a map or an API page shows."""
    qs = (
        StationProfile.objects.filter(unit__is_active=True)
        .select_related("unit", "unit__parent")
        .prefetch_related(
            "services",
            Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("weekday", "opens")),
            Prefetch(
                "opening_exceptions",
                queryset=OpeningException.objects.filter(
                    date__gte=timezone.localdate() - timedelta(days=1)
                ),
            ),
        )
    )
    if within_unit is not None:
        qs = qs.filter(unit__path__startswith=within_unit.path)
    return qs


def search_stations(
    filters: StationFilters, *, within_unit: OrgUnit | None = None, now: datetime | None = None
) -> list[StationProfile]:
    """Stations matching `filters`, nearest first when `near` is given.

    With `near`, each result carries `distance_m`, `walk_minutes` and
    `in_circle` (inside the 15-minute service circle); the distance is computed
    by the database, after a bounding-box prefilter when `within_minutes` is set.
    """
    qs = stations_queryset(within_unit=within_unit)
    if filters.district is not None:
        qs = qs.filter(unit__path__startswith=filters.district.path)
    if filters.levels:
        qs = qs.filter(unit__level__in=filters.levels)
    if filters.service:
        qs = qs.filter(services__service=filters.service)
    if filters.open_24h:
        qs = qs.filter(open_24h=True)
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
        qs = qs.annotate(distance_m=_distance_expression(lat, lng)).order_by("distance_m")
        if filters.within_minutes is not None:
            qs = qs.filter(distance_m__lte=filters.within_minutes * walk_metres_per_minute())
    else:
        qs = qs.order_by("unit__path")

    stations = list(qs.distinct())
    moment = now or timezone.now()
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


def station_detail(public_id: Any) -> StationProfile | None:
    station = stations_queryset().filter(unit__public_id=public_id).first()
    if station is not None:
        station.is_open_now = is_open_at(station, timezone.now())  # type: ignore[attr-defined]
    return station


def districts() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True).order_by("path")


def district_centre(district: OrgUnit) -> tuple[float, float] | None:
    """A district's reference point: its own station profile, else its stations' mean."""
    points = list(
        StationProfile.objects.filter(
            unit__path__startswith=district.path, unit__is_active=True
        ).values_list("lat", "lng")
    )
    own = StationProfile.objects.filter(unit=district).values_list("lat", "lng").first()
    if own:
        return own
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


# --- coverage -------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageResult:
    points: int
    outside: int
    outside_points: list[tuple[float, float]]

    @property
    def covered(self) -> int:
        return self.points - self.outside

    @property
    def covered_share(self) -> float:
        return self.covered / self.points if self.points else 0.0


def grid_points(
    south: float, west: float, north: float, east: float, *, step_m: float
) -> list[tuple[float, float]]:
    """Points of a regular grid over a bounding box, `step_m` apart."""
    dlat = math.degrees(step_m / EARTH_RADIUS_M)
    mid = math.radians((south + north) / 2)
    dlng = dlat / max(math.cos(mid), 0.01)
    points = []
    lat = south
    while lat <= north + 1e-12:
        lng = west
        while lng <= east + 1e-12:
            points.append((round(lat, 6), round(lng, 6)))
            lng += dlng
        lat += dlat
    return points


def coverage(
    points: Iterable[tuple[float, float]], stations: Sequence[tuple[float, float]]
) -> CoverageResult:
    """How many points fall outside every station's service circle."""
    radius = circle_metres()
    outside = []
    total = 0
    for lat, lng in points:
        total += 1
        if not any(haversine_m(lat, lng, s_lat, s_lng) <= radius for s_lat, s_lng in stations):
            outside.append((lat, lng))
    return CoverageResult(points=total, outside=len(outside), outside_points=outside)


def service_points(within_unit: OrgUnit | None = None) -> list[tuple[float, float]]:
    """Coordinates of every active station and service room (the circles' centres)."""
    qs = StationProfile.objects.filter(
        unit__is_active=True, unit__level__in=[Level.STATION, Level.ROOM, Level.DISTRICT]
    )
    if within_unit is not None:
        qs = qs.filter(unit__path__startswith=within_unit.path)
    return list(qs.values_list("lat", "lng"))
