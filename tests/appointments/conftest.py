from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date, time, timedelta

import pytest
from django.db import connections

from accounts.models import User
from appointments.models import AvailabilityRule, Mode, Room
from core import clock
from network.models import OrgUnit, Role
from tests.network import factories


@pytest.fixture
def room(tree: dict[str, OrgUnit]) -> Room:
    return Room.objects.create(station=tree["station_a1"], name="咨询室一")


def weekly_rule(
    counsellor: User,
    station: OrgUnit,
    *,
    weekday: int,
    start: time = time(9),
    end: time = time(12),
    room: Room | None = None,
    mode: str = Mode.IN_PERSON,
    weeks: list[int] | None = None,
    valid_from: date | None = None,
) -> AvailabilityRule:
    return AvailabilityRule.objects.create(
        counsellor=counsellor,
        station=station,
        mode=mode,
        room=room,
        weekday=weekday,
        weeks_of_month=weeks or [],
        recurrence="monthly_nth" if weeks else "weekly",
        start_time=start,
        end_time=end,
        slot_minutes=50,
        buffer_minutes=10,
        horizon_days=28,
        valid_from=valid_from or clock.today() - timedelta(days=1),
    )


@pytest.fixture
def second_counsellor(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("counsellor.b@example.com", Role.COUNSELLOR, tree["station_a1"])


AtOnce = Callable[[Sequence[Callable[[], object]]], list[object]]


@pytest.fixture
def at_once() -> AtOnce:
    """Run callables in threads released together; their results (or the exception each
    raised), in the order given. Each thread closes its database connection."""

    def run(calls: Sequence[Callable[[], object]]) -> list[object]:
        barrier = threading.Barrier(len(calls))
        results: list[object] = [None] * len(calls)

        def one(index: int) -> None:
            try:
                barrier.wait(timeout=30)
                try:
                    results[index] = calls[index]()
                except Exception as exc:
                    results[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    return run
