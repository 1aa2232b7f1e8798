"""A bigger demo city for bench/http_front_doors.py --scale N: N × the stations.

Each demo station gets N - 1 copies (a new unit under the same parent, within ~3 km, with the
same profile and services), so the search and the station list see N × the rows with the same
shape. Slots are not copied (their counsellors' bookings rule out copies at the same time).
"""

from __future__ import annotations

import random
import uuid


def scale_city(scale: int) -> None:
    from network.models import OrgUnit, StationProfile, StationService
    from network.services import _next_child_path

    rng = random.Random(scale)
    # The centre's own profile (a root unit) is not copied: the tree has one root.
    stations = list(
        StationProfile.objects.select_related("unit__parent").filter(unit__parent__isnull=False)
    )
    services: dict[int, list[str]] = {}
    for row in StationService.objects.all():
        services.setdefault(row.station_id, []).append(row.service)
    for copy in range(1, scale):
        for station in stations:
            original = station.unit
            unit = OrgUnit.objects.create(
                name=f"{original.name}·{copy}",
                level=original.level,
                parent=original.parent,
                path=_next_child_path(original.parent),
                depth=original.depth,
                public_id=uuid.uuid4(),
            )
            clone = StationProfile.objects.get(pk=station.pk)
            clone.pk = None
            clone.unit = unit
            clone.lat = station.lat + rng.uniform(-0.03, 0.03)
            clone.lng = station.lng + rng.uniform(-0.03, 0.03)
            clone.save(force_insert=True)
            StationService.objects.bulk_create(
                StationService(station=clone, service=service)
                for service in services.get(station.pk, [])
            )
