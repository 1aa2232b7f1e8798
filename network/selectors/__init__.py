"""Reads of the network, by subject; every public name is importable from here.

`stations` (search, near me, a station's page), `hours` (open now, a day's hours),
`distances` (walking minutes, the service circle), `units` (the tree, districts,
unit counts), `coverage` (service-circle coverage of an area) and `audit` (the
staff audit log).
"""

from network.selectors.audit import AuditFilters, audit_entries
from network.selectors.coverage import (
    MAX_GIVEN_POINTS,
    MAX_GRID_POINTS,
    SERVING_LEVELS,
    CoverageReport,
    CoverageResult,
    GridCoverage,
    GridTooLarge,
    bounding_box,
    coverage,
    coverage_grid,
    coverage_report,
    grid_points,
    grid_size,
    reach_service_points,
    service_points,
)
from network.selectors.distances import (
    EARTH_RADIUS_M,
    circle_metres,
    distance_expression,
    haversine_m,
    walk_metres_per_minute,
    walk_minutes,
)
from network.selectors.hours import (
    Interval,
    hours_by_weekday,
    hours_on,
    is_open_at,
    open_at_condition,
    upcoming_exceptions,
)
from network.selectors.stations import (
    StationFilters,
    StationResults,
    count_stations,
    search_stations,
    station_detail,
    stations_queryset,
)
from network.selectors.units import (
    UnitCounts,
    active_unit_counts,
    district_centre,
    districts,
    search_units,
)

__all__ = [
    "EARTH_RADIUS_M",
    "MAX_GIVEN_POINTS",
    "MAX_GRID_POINTS",
    "SERVING_LEVELS",
    "AuditFilters",
    "CoverageReport",
    "CoverageResult",
    "GridCoverage",
    "GridTooLarge",
    "Interval",
    "StationFilters",
    "StationResults",
    "UnitCounts",
    "active_unit_counts",
    "audit_entries",
    "bounding_box",
    "circle_metres",
    "count_stations",
    "coverage",
    "coverage_grid",
    "coverage_report",
    "distance_expression",
    "district_centre",
    "districts",
    "grid_points",
    "grid_size",
    "haversine_m",
    "hours_by_weekday",
    "hours_on",
    "is_open_at",
    "open_at_condition",
    "reach_service_points",
    "search_stations",
    "search_units",
    "service_points",
    "station_detail",
    "stations_queryset",
    "upcoming_exceptions",
    "walk_metres_per_minute",
    "walk_minutes",
]
