"""Demo pods and relaxation rooms for `make run` (the lead calls `load` from appointments.demo).

Idempotent: a pod that already exists (by station and name) is left as it is.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from appointments.models import Pod, PodKind
from network.models import OrgUnit

WEEKDAYS = [0, 1, 2, 3, 4]
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]

# station, name, kind, weekdays, opens, closes
PODS = [
    ("台东心灵驿站", "情绪调节舱一号", PodKind.POD, WEEKDAYS, time(9), time(17)),
    ("台东心灵驿站", "放松室", PodKind.RELAXATION_ROOM, WEEKDAYS, time(9), time(17)),
    ("李村心灵驿站", "情绪调节舱", PodKind.POD, [*WEEKDAYS, 5], time(8, 30), time(20)),
    ("五四广场心灵驿站", "情绪调节舱", PodKind.POD, EVERY_DAY, time(7), time(22)),
]


def load(admin: Any) -> None:
    for station_name, name, kind, weekdays, opens, closes in PODS:
        station = OrgUnit.objects.filter(name=station_name).first()
        if station is None:
            continue
        Pod.objects.get_or_create(
            station=station,
            name=name,
            defaults={"kind": kind, "weekdays": weekdays, "opens_at": opens, "closes_at": closes},
        )
