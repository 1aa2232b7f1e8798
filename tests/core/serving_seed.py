"""Seed a served database for tests/core/test_serving.py, run as its own process.

    python tests/core/serving_seed.py station          # one published station
    python tests/core/serving_seed.py bookings 5 20    # + 5 free slots, 20 workers, a key

It runs under whatever settings the environment gives (production ones too, where
the demo loader refuses), writes through the services, and prints one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import time, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from appointments import services  # noqa: E402
from appointments.models import AvailabilityRule, Mode  # noqa: E402
from appointments.selectors import slots as slots_selectors  # noqa: E402
from network import services as network  # noqa: E402
from network.models import (  # noqa: E402
    Level,
    Membership,
    OrgUnit,
    PractitionerProfile,
    Role,
    Scope,
    StationProfile,
)


def station(root: User) -> OrgUnit:
    centre = network.unit_create(actor=root, name="市中心", level=Level.CENTRE, parent=None)
    district = network.unit_create(
        actor=root, name="市南区分中心", level=Level.DISTRICT, parent=centre
    )
    unit = network.unit_create(
        actor=root, name="台东心灵驿站", level=Level.STATION, parent=district
    )
    StationProfile.objects.create(unit=unit, address="台东一路1号", lat=36.07, lng=120.39)
    return unit


def bookings(root: User, unit: OrgUnit, n_slots: int, n_workers: int) -> dict[str, Any]:
    counsellor = User.objects.create_user(
        username="counsellor", email="counsellor@example.com", is_staff=True
    )
    Membership.objects.create(user=counsellor, unit=unit, role=Role.COUNSELLOR)
    PractitionerProfile.objects.create(user=counsellor, display_name="王老师", is_public=True)
    for weekday in range(7):
        AvailabilityRule.objects.create(
            counsellor=counsellor,
            station=unit,
            mode=Mode.IN_PERSON,
            weekday=weekday,
            start_time=time(9),
            end_time=time(12),
            horizon_days=14,
            valid_from=timezone.localdate() - timedelta(days=1),
        )
    services.slots_regenerate(counsellor_id=counsellor.pk)
    # Two days out: far beyond any notice period, whatever the hour the suite runs.
    slots = slots_selectors.free_slots().filter(starts_at__gt=timezone.now() + timedelta(days=2))
    phones = [f"+86138{i:08d}" for i in range(1, n_workers + 1)]
    for i, phone in enumerate(phones, start=1):
        User.objects.create_user(
            username=f"worker{i}", email=f"worker{i}@example.com", phone=phone, phone_verified=True
        )
    _app, key = network.partner_app_create(
        actor=root, name="工会App", scopes=[Scope.BOOKINGS_WRITE], unit=None
    )
    return {
        "key": key,
        "slots": [str(s.public_id) for s in slots.order_by("starts_at")[:n_slots]],
        "phones": phones,
    }


def main(argv: list[str]) -> None:
    root = User.objects.create_superuser(username="root", email="root@example.com")
    unit = station(root)
    out: dict[str, Any] = {"station": str(unit.public_id)}
    if argv[1] == "bookings":
        out |= bookings(root, unit, int(argv[2]), int(argv[3]))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
