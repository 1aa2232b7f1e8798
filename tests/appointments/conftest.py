from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest
from django.db import connections

from accounts.models import User
from appointments import services
from appointments.models import Case, Room, Slot
from appointments.selectors import slots
from network.models import OrgUnit, Role
from tests.appointments.factories import RoomFactory, open_case, weekly_rule
from tests.network import factories


@pytest.fixture
def room(tree: dict[str, OrgUnit]) -> Room:
    return RoomFactory.create(station=tree["station_a1"], name="咨询室一")


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


# --- shared by the case test modules ---------------------------------------------------------


@pytest.fixture
def free_slots(tree: dict[str, OrgUnit], counsellor_a: User) -> list[Slot]:
    for weekday in range(7):
        weekly_rule(counsellor_a, tree["station_a1"], weekday=weekday)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)
    return list(slots.free_slots().filter(counsellor=counsellor_a))


@pytest.fixture
def supervisor_a(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("supervisor.a@example.com", Role.CLINICAL_SUPERVISOR, tree["district_a"])


@pytest.fixture
def supervisor_b(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("supervisor.b@example.com", Role.CLINICAL_SUPERVISOR, tree["district_b"])


@pytest.fixture
def station_lead(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("lead.a1@example.com", Role.UNIT_ADMIN, tree["station_a1"])


@pytest.fixture
def case(tree: dict[str, OrgUnit], counsellor_a: User, worker: User) -> Case:
    return open_case(counsellor_a, worker, tree["station_a1"])
