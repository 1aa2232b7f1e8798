"""Coverage: how much of an area lies inside some station's 15-minute service circle."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from network import access
from network.errors import ErrorCode
from network.models import Level, OrgUnit, StationProfile
from network.selectors.distances import EARTH_RADIUS_M, circle_metres, haversine_m

SERVING_LEVELS = (Level.DISTRICT, Level.STATION, Level.ROOM)


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


# --- the staff coverage page ------------------------------------------------------------

# Grid points are checked one by one against nearby circles in Python; 10,000
# points against a city's stations take well under a second.
MAX_GRID_POINTS = 10_000
MAX_GIVEN_POINTS = 10_000


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
