"""Roster reads at two sizes: four weeks with gaps, and "on duty now".

    .venv/bin/python bench/hotline_roster.py [people ...]   (default: 20 200)

For each size: a line at the city centre with that many operators (a tenth of them
supervisors), a two-week rolling pattern of six overlapping four-hour shifts a day with
two people each, and one changed occurrence per person. Prints p50 / p95 and the query
count of `selectors.roster_weeks` (the roster page's read) and of `selectors.on_duty`.
"""

from __future__ import annotations

import sys
import time
from datetime import time as wall
from datetime import timedelta
from typing import Any

from _setup import bench_database, percentile


def build(people: int) -> tuple[object, object]:
    from accounts.models import User
    from core import clock
    from hotline import services
    from hotline.models import (
        Duty,
        Line,
        PatternAssignment,
        PatternEntry,
        RosterPattern,
        ShiftTemplate,
    )
    from hotline.selectors.roster import roster_shifts
    from network import services as network_services
    from network.models import Level, Membership, OrgUnit, Role

    root = User.objects.create(username=f"root{people}", is_superuser=True, is_staff=True)
    centre = OrgUnit.objects.filter(level=Level.CENTRE).first() or network_services.unit_create(
        actor=root, name="市中心", level=Level.CENTRE, parent=None
    )
    district = network_services.unit_create(
        actor=root, name=f"区{people}", level=Level.DISTRICT, parent=centre
    )
    line = Line.objects.create(unit=district, name="12351")
    users = []
    for i in range(people):
        user = User.objects.create(username=f"p{people}-{i}", is_staff=True)
        role = Role.HOTLINE_SUPERVISOR if i % 10 == 0 else Role.HOTLINE_OPERATOR
        Membership.objects.create(user=user, unit=district, role=role)
        users.append((user, Duty.SUPERVISOR if i % 10 == 0 else Duty.OPERATOR))
    today = clock.today()
    pattern = RosterPattern.objects.create(
        line=line,
        name="轮班",
        cycle_weeks=2,
        anchor=today - timedelta(days=today.weekday()),
        valid_from=today - timedelta(days=60),
    )
    templates = [
        ShiftTemplate.objects.create(
            line=line, name=f"T{h}", starts=wall(h), ends=wall((h + 4) % 24)
        )
        for h in range(0, 24, 4)
    ]
    n = 0
    for week in range(2):
        for weekday in range(7):
            for template in templates:
                entry = PatternEntry.objects.create(
                    pattern=pattern, week=week, weekday=weekday, template=template
                )
                for user, duty in (users[n % people], users[(n + 1) % people]):
                    PatternAssignment.objects.get_or_create(
                        entry=entry, user=user, defaults={"duty": duty}
                    )
                n += 2
    now = clock.now_local()
    shifts = roster_shifts(line, now + timedelta(days=1), now + timedelta(days=27))
    for shift in shifts[:people]:
        services.shift_cancel(actor=root, line=line, ref=shift.ref)
    return line, root


def measure(label: str, call: object, runs: int = 30) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call()  # type: ignore[operator]
            timings.append(time.perf_counter() - start)
    print(
        f"  {label}: p50 {percentile(timings, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(timings, 0.95) * 1000:.1f} ms, {len(queries)} queries"
    )


def report(people: int, line: object, root: object, selectors: Any) -> None:
    print(f"{people} people:")
    measure("roster_weeks (28 days, gaps)", lambda: selectors.roster_weeks(viewer=root, line=line))
    measure("on_duty", lambda: selectors.on_duty(line=line))


def main(sizes: list[int]) -> None:
    with bench_database():
        from hotline import selectors

        for people in sizes:
            report(people, *build(people), selectors)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20, 200])
