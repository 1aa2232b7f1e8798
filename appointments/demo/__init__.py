"""Demo office hours for `make run`: the demo counsellors keep hours, slots are generated.

Idempotent: a counsellor who already has rules keeps them; slots are only topped up.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from accounts.models import User
from appointments import services
from appointments.demo import cases, pods
from appointments.models import AvailabilityRule, Mode, Room
from core import clock
from core.demo import DemoLogin
from network.models import OrgUnit

# email, station, [(weekday, weeks of the month, from, until, mode)]
HOURS = [
    (
        "counsellor@demo.xinling.cn",
        "台东心灵驿站",
        [
            (1, [], time(9), time(12), Mode.IN_PERSON),
            (3, [], time(14), time(17), Mode.PHONE),
            (5, [1, 3], time(9), time(12), Mode.ONLINE),
        ],
    ),
    (
        "counsellor2@demo.xinling.cn",
        "李村心灵驿站",
        [
            (0, [], time(19), time(21), Mode.IN_PERSON),
            (2, [2, 4], time(9), time(12), Mode.PHONE),
        ],
    ),
]


def load(admin: Any) -> list[DemoLogin]:
    for email, station_name, rules in HOURS:
        counsellor = User.objects.filter(email=email).first()
        station = OrgUnit.objects.filter(name=station_name).first()
        if counsellor is None or station is None:
            continue
        if AvailabilityRule.objects.filter(counsellor=counsellor).exists():
            # Rules are kept; each `make run` tops the slots up to the horizon.
            services.slots_regenerate(counsellor_id=counsellor.pk)
            continue
        room, _created = Room.objects.get_or_create(station=station, name="个体咨询室")
        for weekday, weeks, start, end, mode in rules:
            AvailabilityRule.objects.create(
                counsellor=counsellor,
                station=station,
                mode=mode,
                room=room if mode == Mode.IN_PERSON else None,
                recurrence="monthly_nth" if weeks else "weekly",
                weekday=weekday,
                weeks_of_month=weeks,
                start_time=start,
                end_time=end,
                valid_from=clock.today(),
            )
        services.slots_regenerate(counsellor_id=counsellor.pk)
    # A worker's case with five sessions, notes, a referral and an overdue follow-up;
    # pods and relaxation rooms at a few stations.
    cases.load(admin)
    pods.load(admin)
    return []
