"""Reads of the network: station search, near me, open now, coverage."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError
from network import access
from network.errors import ErrorCode
from network.models import (
    STEP_LEN,
    AuditEntry,
    Level,
    OpeningException,
    OpeningRule,
    OrgUnit,
    StationProfile,
)

EARTH_RADIUS_M = 6_371_008.8
SERVING_LEVELS = (Level.DISTRICT, Level.STATION, Level.ROOM)


def walk_metres_per_minute() -> float:
    return settings.WALKING_SPEED_KMH * 1000 / 60


def circle_metres() -> float:
    """Radius of the service circle: SERVICE_CIRCLE_MINUTES of walking."""
    return settings.SERVICE_CIRCLE_MINUTES * walk_metres_per_minute()


def walk_minutes(distance_m: float) -> int:
    # The epsilon keeps 2000.0000001 m from counting as a 26th minute.
    return max(1, math.ceil(distance_m / walk_metres_per_minute() - 1e-6))


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
    tz = clock.network_tz()
    local = moment.astimezone(tz)
    rules = list(station.opening_rules.all())
    exceptions = {e.date: e for e in station.opening_exceptions.all()}
    # Yesterday's late hours may still be running after midnight.
    for day in (local.date() - timedelta(days=1), local.date()):
        for span in _intervals_for_day(day, rules, exceptions, tz):
            if span.start <= local < span.end:
                return True
    return False


def hours_on(station: StationProfile, day: date) -> list[tuple[time, time]]:
    """Opening hours (opens, closes) on `day`: its dated exception if any, else the weekly rules.

    Reads only the prefetched rules and exceptions (see stations_queryset).
    """
    rules = list(station.opening_rules.all())
    exceptions = {e.date: e for e in station.opening_exceptions.all()}
    return [
        (span.start.time(), span.end.time())
        for span in _intervals_for_day(day, rules, exceptions, clock.network_tz())
    ]


def hours_by_weekday(station: StationProfile) -> list[tuple[int, list[OpeningRule]]]:
    rules = list(station.opening_rules.all())
    return [(weekday, [r for r in rules if r.weekday == weekday]) for weekday in range(7)]


def upcoming_exceptions(
    station: StationProfile, today: date, days: int = 60
) -> list[OpeningException]:
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
                    date__gte=clock.today() - timedelta(days=1)
                ),
            ),
        )
    )
    if within_unit is not None:
        qs = qs.filter(unit__path__startswith=within_unit.path)
    return qs


def search_stations(
    filters: StationFilters,
    *,
    within_unit: OrgUnit | None = None,
    now: datetime | None = None,
    where: Q | Exists | None = None,
    limit: int | None = None,
) -> list[StationProfile]:
    """Stations matching `filters`, nearest first when `near` is given.

    With `near`, each result carries `distance_m`, `walk_minutes` and
    `in_circle` (inside the 15-minute service circle); the distance is computed
    by the database, after a bounding-box prefilter when `within_minutes` is set.
    Other apps narrow the search with `where` (a condition on StationProfile,
    e.g. "has a free slot") and `limit` (the first n, in the database), so only
    the stations they need are loaded with their hours.
    """
    qs = stations_queryset(within_unit=within_unit)
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

    qs = qs.distinct()
    stations = list(qs[:limit] if limit is not None else qs)
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


def station_detail(
    public_id: UUID | str, *, within_unit: OrgUnit | None = None, now: datetime | None = None
) -> StationProfile | None:
    """The active station with this public id, or None (also when outside `within_unit`)."""
    station = stations_queryset(within_unit=within_unit).filter(unit__public_id=public_id).first()
    if station is not None:
        station.is_open_now = is_open_at(station, now or timezone.now())  # type: ignore[attr-defined]
    return station


def search_units(
    *,
    level: str | None = None,
    parent: OrgUnit | None = None,
    include_inactive: bool = False,
    within_unit: OrgUnit | None = None,
) -> QuerySet[OrgUnit]:
    """Units in tree order with their parent (for its public id), active only by default."""
    qs = OrgUnit.objects.select_related("parent").order_by("path")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if within_unit is not None:
        qs = qs.filter(path__startswith=within_unit.path)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs


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

    @property
    def covered_percent(self) -> float:
        return 100 * self.covered_share


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


# --- staff pages: the audit log and coverage figures ------------------------------------

# Grid points are checked one by one against nearby circles in Python; 10,000
# points against a city's stations take well under a second.
MAX_GRID_POINTS = 10_000
MAX_GIVEN_POINTS = 10_000


@dataclass(frozen=True)
class AuditFilters:
    actor_email: str = ""
    action_prefix: str = ""
    unit: OrgUnit | None = None
    date_from: date | None = None
    date_to: date | None = None


def audit_entries(viewer: User, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """Audit entries in the viewer's reach, newest first, ready for a list.

    Reach is decided on the unit path recorded with each entry, so an entry
    stays where it happened even if its unit later moves. Only superusers see
    entries tied to no unit. `filters.unit` must already be in the viewer's
    reach (the caller resolves it with units_visible_to).
    """
    filters = filters or AuditFilters()
    qs = AuditEntry.objects.filter(
        access.scope_q(viewer, access.Perm.VIEW_AUDIT, field="unit_path")
    ).select_related("actor", "unit", "partner_app")
    if filters.actor_email:
        # Staff only: matching a worker's e-mail would undo the pseudonyms of the page.
        qs = qs.filter(actor__email__icontains=filters.actor_email, actor__is_staff=True)
    if filters.action_prefix:
        qs = qs.filter(action__startswith=filters.action_prefix)
    if filters.unit is not None:
        qs = qs.filter(unit_path__startswith=filters.unit.path)
    tz = clock.network_tz()
    if filters.date_from is not None:
        qs = qs.filter(created_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(created_at__lt=end)
    return qs


@dataclass(frozen=True)
class UnitCounts:
    """Active units by level in one district (or, with district None, outside every district)."""

    district: OrgUnit | None
    by_level: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_level.values())


def active_unit_counts(viewer: User) -> tuple[dict[str, int], list[UnitCounts]]:
    """Active units in the viewer's reach, by level and by district: two queries.

    The second list holds one row per district (tree order), then a row with
    district None for the centre and what hangs directly under it.
    """
    rows = (
        OrgUnit.objects.filter(access.scope_q(viewer, access.Perm.VIEW_COVERAGE), is_active=True)
        .annotate(district_prefix=Substr("path", 1, 2 * STEP_LEN))
        .values("district_prefix", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals: dict[str, int] = dict.fromkeys(Level.values, 0)
    by_prefix: dict[str, dict[str, int]] = {}
    for row in rows:
        totals[row["level"]] += row["n"]
        per_level = by_prefix.setdefault(row["district_prefix"], dict.fromkeys(Level.values, 0))
        per_level[row["level"]] += row["n"]
    district_units = {
        unit.path: unit
        for unit in OrgUnit.objects.filter(path__in=list(by_prefix), level=Level.DISTRICT)
    }
    per_district = [
        UnitCounts(district=district_units[path], by_level=by_prefix[path])
        for path in sorted(by_prefix)
        if path in district_units
    ]
    rest: dict[str, int] = dict.fromkeys(Level.values, 0)
    for path, per_level in by_prefix.items():
        if path not in district_units:
            for level, n in per_level.items():
                rest[level] += n
    if any(rest.values()):
        per_district.append(UnitCounts(district=None, by_level=rest))
    return totals, per_district


def reach_service_points(
    viewer: User, *, district: OrgUnit | None = None
) -> list[tuple[float, float]]:
    """Service points (as in service_points) in the viewer's coverage reach, or one district."""
    qs = StationProfile.objects.filter(
        access.scope_q(viewer, access.Perm.VIEW_COVERAGE, field="unit__path"),
        unit__is_active=True,
        unit__level__in=SERVING_LEVELS,
    )
    if district is not None:
        qs = qs.filter(unit__path__startswith=district.path)
    return list(qs.values_list("lat", "lng"))


def bounding_box(
    points: Sequence[tuple[float, float]], *, margin_m: float
) -> tuple[float, float, float, float]:
    """(south, west, north, east) around `points`, widened by `margin_m` on every side."""
    lats = [p[0] for p in points]
    lngs = [p[1] for p in points]
    south, north = min(lats), max(lats)
    dlat = math.degrees(margin_m / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians((south + north) / 2)), 0.01)
    return (south - dlat, min(lngs) - dlng, north + dlat, max(lngs) + dlng)


def grid_size(south: float, west: float, north: float, east: float, *, step_m: float) -> int:
    """How many points grid_points would return, without making them."""
    dlat = math.degrees(step_m / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians((south + north) / 2)), 0.01)
    rows = math.floor((north - south) / dlat + 1e-9) + 1
    cols = math.floor((east - west) / dlng + 1e-9) + 1
    return max(rows, 0) * max(cols, 0)


class GridTooLarge(DomainError):
    code = ErrorCode.GRID_TOO_LARGE


@dataclass(frozen=True)
class GridCoverage:
    box: tuple[float, float, float, float]
    step_m: float
    result: CoverageResult


def coverage_grid(
    *,
    area: Sequence[tuple[float, float]],
    step_m: float,
    circles: Sequence[tuple[float, float]],
    max_points: int = MAX_GRID_POINTS,
) -> GridCoverage:
    """Coverage of a grid over `area`'s bounding box, widened by one circle radius.

    Raises GridTooLarge (with a message for the `step_m` field) beyond `max_points`.
    """
    radius = circle_metres()
    box = bounding_box(area, margin_m=radius)
    size = grid_size(*box, step_m=step_m)
    if size > max_points:
        message = _(
            "A %(step)s m grid over this area has %(count)s points; at most %(max)s are "
            "allowed. Choose a larger step or a single district."
        ) % {"step": int(step_m), "count": size, "max": max_points}
        raise GridTooLarge(message, fields={"step_m": [message]})
    # Only circles that can reach the box matter.
    south, west, north, east = bounding_box([(box[0], box[1]), (box[2], box[3])], margin_m=radius)
    nearby = [(lat, lng) for lat, lng in circles if south <= lat <= north and west <= lng <= east]
    return GridCoverage(
        box=box, step_m=step_m, result=coverage(grid_points(*box, step_m=step_m), nearby)
    )


@dataclass(frozen=True)
class CoverageReport:
    """The coverage page's figures: a grid over an area, and the user's own points."""

    area_has_points: bool
    grid: GridCoverage | None
    given: CoverageResult | None


def coverage_report(
    viewer: User,
    *,
    district: OrgUnit | None,
    step_m: float,
    points: Sequence[tuple[float, float]] = (),
) -> CoverageReport:
    """Grid coverage of `district` (or the viewer's whole reach) and of `points`.

    The circles are every active service point of the whole network: a
    station across a district border still serves the people near it.
    Raises GridTooLarge when the grid would be too fine for the area.
    """
    circles = service_points()
    area = reach_service_points(viewer, district=district)
    grid = coverage_grid(area=area, step_m=step_m, circles=circles) if area else None
    given = coverage(points, circles) if points else None
    return CoverageReport(area_has_points=bool(area), grid=grid, given=given)
