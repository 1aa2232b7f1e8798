"""Near-me station search: latency and query count at growing network sizes.

.venv/bin/python bench/network_near.py            # SQLite
DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling .venv/bin/python bench/network_near.py
"""

from __future__ import annotations

import random
import time
import tracemalloc

from _setup import bench_database, percentile

SIZES = (100, 1000, 5000)
RUNS = 50


def build(n: int) -> None:
    from network.models import Level, OrgUnit, StationProfile, StationService
    from network.services import _encode_step

    centre = OrgUnit.objects.create(name="中心", level=Level.CENTRE, path="0001", depth=0)
    district = OrgUnit.objects.create(
        name="区", level=Level.DISTRICT, parent=centre, path="00010001", depth=1
    )
    rng = random.Random(n)
    units = OrgUnit.objects.bulk_create(
        OrgUnit(
            name=f"服务室{i}",
            level=Level.ROOM,
            parent=district,
            path="00010001" + _encode_step(i + 1),
            depth=2,
        )
        for i in range(n)
    )
    stations = StationProfile.objects.bulk_create(
        StationProfile(
            unit=unit,
            address="地址",
            lat=36.0 + rng.uniform(-0.2, 0.2),
            lng=120.4 + rng.uniform(-0.25, 0.25),
            open_24h=bool(i % 2),
        )
        for i, unit in enumerate(units)
    )
    StationService.objects.bulk_create(
        StationService(station=s, service="counselling") for s in stations
    )


def measure(n: int, within: float | None) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from network.selectors import StationFilters, search_stations

    filters = StationFilters(near=(36.05, 120.38), within_minutes=within)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = search_stations(filters)
        timings.append((time.perf_counter() - started) * 1000)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        search_stations(filters)
    tracemalloc.start()
    search_stations(filters)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    label = f"within {within:g} min" if within else "all, sorted"
    print(
        f"{connection.vendor:10} {n:6} stations  {label:15} results {len(results):5}  "
        f"p50 {percentile(timings, 0.5):7.1f} ms  p95 {percentile(timings, 0.95):7.1f} ms  "
        f"queries {len(queries)}  peak {peak / 1024:7.0f} KiB"
    )


def main() -> None:
    with bench_database():
        from network.models import OrgUnit, StationProfile, StationService

        for n in SIZES:
            StationService.objects.all().delete()
            StationProfile.objects.all().delete()
            OrgUnit.objects.filter(depth=2).delete()
            OrgUnit.objects.filter(depth=1).delete()
            OrgUnit.objects.all().delete()
            build(n)
            measure(n, 15)
            measure(n, None)


if __name__ == "__main__":
    main()
