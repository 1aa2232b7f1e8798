"""Reads of the tree: units by level and parent, districts, active units by district."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from accounts.models import User
from network import access
from network.models import STEP_LEN, Level, OrgUnit, StationProfile


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
