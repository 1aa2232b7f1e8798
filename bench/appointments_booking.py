"""Appointments: slot generation, free-slot search, booking throughput, racing bookings.

.venv/bin/python bench/appointments_booking.py            # SQLite, 200 and 1,000 counsellors
.venv/bin/python bench/appointments_booking.py 50 500     # other sizes
DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling \
    .venv/bin/python bench/appointments_booking.py

Each size builds its own network: counsellors spread over stations (four per
station), each with three weekly office-hours rules (in person with a room of
their own, by phone, online) over five weeks, so 40 slots per counsellor.
Slots are generated through `services.slots_regenerate`, searched through
`selectors.slot_search` / `soonest_near` and booked through
`services.booking_create` with a new worker per booking (the per-worker limit
on open bookings stays out of the way). On PostgreSQL, threads with their own
connections then race for a few slots. The confirmations go to the locmem SMS
and e-mail backends, never to standard output.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from datetime import time as clock
from datetime import timedelta
from typing import Any

# Before Django reads its settings: confirmations must not be printed.
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
# On PostgreSQL, a test database of its own: a test run in the same checkout keeps test_<name>.
os.environ.setdefault("DATABASE_TEST_NAME", "test_xinling_bench_appointments")

from _setup import bench_database, percentile

SIZES = (200, 1000)
COUNSELLORS_PER_STATION = 4
DISTRICTS = 5
HORIZON_DAYS = 35  # five weeks of slots
RUNS = 30  # repetitions per search for p50 / p95
SEQUENTIAL_BOOKINGS = 200
THREADS = 8
RACE_SLOTS = 12  # every thread tries every one of these, in its own order
# Pairs of active bookings of one counsellor / one room whose times overlap, and slots
# held by two active bookings: all three must be 0.
OVERLAPS = {
    "counsellor": (
        "SELECT COUNT(*) FROM appointments_booking a JOIN appointments_booking b "
        "ON a.counsellor_id = b.counsellor_id AND a.id < b.id "
        "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
        "WHERE a.status IN ('booked', 'attended', 'no_show') "
        "AND b.status IN ('booked', 'attended', 'no_show')"
    ),
    "room": (
        "SELECT COUNT(*) FROM appointments_booking a JOIN appointments_booking b "
        "ON a.room_id = b.room_id AND a.id < b.id "
        "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
        "WHERE a.status IN ('booked', 'attended', 'no_show') "
        "AND b.status IN ('booked', 'attended', 'no_show')"
    ),
    "slot": (
        "SELECT COUNT(*) - COUNT(DISTINCT slot_id) FROM appointments_booking "
        "WHERE status IN ('booked', 'attended', 'no_show')"
    ),
}


def reset() -> None:
    """Empty the tables this bench fills (raw deletes: no cascade collection)."""
    from accounts.models import User
    from appointments.models import AvailabilityRule, Booking, Room, Slot
    from network.models import AuditEntry, Membership, OrgUnit, PractitionerProfile, StationProfile

    for model in (
        Booking,
        AuditEntry,
        Slot,
        AvailabilityRule,
        Room,
        PractitionerProfile,
        Membership,
        User,
        StationProfile,
        OrgUnit,
    ):
        model.objects.all()._raw_delete("default")


def build(n: int) -> tuple[list[int], list[Any]]:
    """n counsellors at n / 4 stations with three weekly rules each; returns their pks
    and the stations."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from appointments.models import AvailabilityRule, Mode, Room
    from network.models import (
        Level,
        Membership,
        OrgUnit,
        PractitionerProfile,
        Role,
        StationProfile,
    )
    from network.services import _encode_step

    rng = random.Random(n)
    unusable = make_password(None)  # nobody signs in
    centre = OrgUnit.objects.create(name="市中心", level=Level.CENTRE, path="0001", depth=0)
    districts = OrgUnit.objects.bulk_create(
        OrgUnit(
            name=f"区{d}",
            level=Level.DISTRICT,
            parent=centre,
            path=centre.path + _encode_step(d + 1),
            depth=1,
        )
        for d in range(DISTRICTS)
    )
    n_stations = max(DISTRICTS, n // COUNSELLORS_PER_STATION)
    stations = OrgUnit.objects.bulk_create(
        OrgUnit(
            name=f"心灵驿站{i}",
            level=Level.STATION,
            parent=districts[i % DISTRICTS],
            path=districts[i % DISTRICTS].path + _encode_step(i // DISTRICTS + 1),
            depth=2,
        )
        for i in range(n_stations)
    )
    StationProfile.objects.bulk_create(
        StationProfile(
            unit=unit,
            address="地址",
            lat=36.0 + rng.uniform(-0.2, 0.2),
            lng=120.4 + rng.uniform(-0.25, 0.25),
        )
        for unit in stations
    )
    counsellors = User.objects.bulk_create(
        User(username=f"c{i}", email=f"c{i}@example.com", password=unusable, is_staff=True)
        for i in range(n)
    )
    home = {c.pk: stations[i % n_stations] for i, c in enumerate(counsellors)}
    Membership.objects.bulk_create(
        Membership(user=c, unit=home[c.pk], role=Role.COUNSELLOR) for c in counsellors
    )
    PractitionerProfile.objects.bulk_create(
        PractitionerProfile(
            user=c, display_name=f"老师{i}", is_public=True, offers_phone=True, offers_online=True
        )
        for i, c in enumerate(counsellors)
    )
    # A room per counsellor: in-person sessions never compete for a room here.
    rooms = Room.objects.bulk_create(
        Room(station=home[c.pk], name=f"咨询室{i}") for i, c in enumerate(counsellors)
    )
    valid_from = timezone.localdate() - timedelta(days=1)
    rules = []
    for i, (c, room) in enumerate(zip(counsellors, rooms, strict=True)):
        common = {
            "counsellor": c,
            "station": home[c.pk],
            "valid_from": valid_from,
            "horizon_days": HORIZON_DAYS,
            "slot_minutes": 50,
            "buffer_minutes": 10,
        }
        rules += [
            AvailabilityRule(
                **common,
                mode=Mode.IN_PERSON,
                room=room,
                weekday=i % 5,
                start_time=clock(9),
                end_time=clock(12),
            ),
            AvailabilityRule(
                **common,
                mode=Mode.PHONE,
                weekday=(i + 2) % 5,
                start_time=clock(14),
                end_time=clock(17),
            ),
            AvailabilityRule(
                **common,
                mode=Mode.ONLINE,
                weekday=(i + 3) % 7,
                start_time=clock(18, 30),
                end_time=clock(20, 30),
            ),
        ]
    AvailabilityRule.objects.bulk_create(rules)
    return [c.pk for c in counsellors], stations


def generate(counsellor_ids: list[int]) -> None:
    from django.db import connection

    from appointments import services

    started = time.perf_counter()
    created = sum(services.slots_regenerate(counsellor_id=pk)["created"] for pk in counsellor_ids)
    elapsed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have them in a running network.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    again = []
    for pk in counsellor_ids[:50]:
        t0 = time.perf_counter()
        assert services.slots_regenerate(counsellor_id=pk)["created"] == 0
        again.append((time.perf_counter() - t0) * 1000)
    print(
        f"  slots_regenerate: {created} slots for {len(counsellor_ids)} counsellors in "
        f"{elapsed:.1f} s = {created / elapsed:,.0f} slots/s "
        f"({elapsed * 1000 / len(counsellor_ids):.1f} ms per counsellor); "
        f"up-to-date rerun p50 {percentile(again, 0.5):.1f} ms"
    )


def measure(label: str, search: Callable[[], Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = search()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        search()
    tracemalloc.start()
    search()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {label:28} results {len(results):4}  p50 {percentile(timings, 0.5):7.1f} ms  "
        f"p95 {percentile(timings, 0.95):7.1f} ms  queries {len(queries)}  "
        f"peak {peak / 1024:6.0f} KiB"
    )


def searches(counsellor_ids: list[int], stations: list[Any]) -> None:
    from django.utils import timezone

    from appointments.selectors import slots as slots_selectors

    today = timezone.localdate()
    station = stations[len(stations) // 2]
    counsellor = counsellor_ids[len(counsellor_ids) // 2]
    # The portal lists the first 60; the API pages by 50 after a COUNT.
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("all, first 60", lambda: list(slots_selectors.slot_search()[:60])),
        ("station, first 60", lambda: list(slots_selectors.slot_search(station=station)[:60])),
        ("mode=phone, first 60", lambda: list(slots_selectors.slot_search(mode="phone")[:60])),
        (
            "date_from +14 d, first 60",
            lambda: list(slots_selectors.slot_search(date_from=today + timedelta(days=14))[:60]),
        ),
        (
            "counsellor, first 60",
            lambda: list(slots_selectors.slot_search(counsellor_id=counsellor)[:60]),
        ),
        (
            "station+phone+date_from",
            lambda: list(
                slots_selectors.slot_search(
                    station=station, mode="phone", date_from=today + timedelta(days=7)
                )[:60]
            ),
        ),
        ("API page: count + 50", lambda: api_page(slots_selectors.slot_search())),
        (
            "soonest_near",
            lambda: slots_selectors.soonest_near(point=(36.05, 120.38)),
        ),
        (
            "soonest_near online",
            lambda: slots_selectors.soonest_near(point=(36.05, 120.38), mode="online"),
        ),
    ]
    for label, search in cases:
        measure(label, search)


def api_page(qs: Any) -> list[Any]:
    qs.count()
    return list(qs[:50])


def new_workers(prefix: str, series: int, count: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    unusable = make_password(None)
    return User.objects.bulk_create(
        User(
            username=f"{prefix}{i}",
            email=f"{prefix}{i}@example.com",
            phone=f"+86139{series:03d}{i:05d}",
            phone_verified=True,
            password=unusable,
        )
        for i in range(count)
    )


def sequential_bookings() -> None:
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from appointments import services
    from appointments.selectors import slots as slots_selectors
    from core import sms

    sms.outbox.clear()
    mail.outbox = []
    slots = list(
        slots_selectors.slot_search(date_from=timezone.localdate() + timedelta(days=7))[
            : SEQUENTIAL_BOOKINGS + 5
        ]
    )
    workers = new_workers("seq", 1, len(slots))
    timings = []
    for worker, slot in zip(workers[:SEQUENTIAL_BOOKINGS], slots, strict=False):
        started = time.perf_counter()
        services.booking_create(actor=worker, worker=worker, slot=slot, link_base="https://bench")
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        for worker, slot in zip(
            workers[SEQUENTIAL_BOOKINGS:], slots[SEQUENTIAL_BOOKINGS:], strict=True
        ):
            services.booking_create(
                actor=worker, worker=worker, slot=slot, link_base="https://bench"
            )
    per_booking = len(queries) / max(1, len(slots) - SEQUENTIAL_BOOKINGS)
    print(
        f"  booking_create, sequential: {len(timings)} bookings in {sum(timings):.2f} s = "
        f"{len(timings) / sum(timings):,.0f} bookings/s  p50 "
        f"{percentile(timings, 0.5) * 1000:.1f} ms  p95 {percentile(timings, 0.95) * 1000:.1f} ms"
        f"  queries per booking {per_booking:.0f} (incl. the confirmation)  "
        f"sent {len(sms.outbox)} SMS, {len(mail.outbox)} e-mails (locmem)"
    )


def racing_bookings() -> None:
    from django.utils import timezone

    from appointments import services
    from appointments.models import Slot
    from appointments.selectors import slots as slots_selectors

    slot_ids = [
        s.pk
        for s in slots_selectors.slot_search(date_from=timezone.localdate() + timedelta(days=10))[
            :RACE_SLOTS
        ]
    ]
    workers = new_workers("race", 2, THREADS * len(slot_ids))
    barrier = threading.Barrier(THREADS + 1)
    lock = threading.Lock()
    tally = {"won": 0, "lost": 0, "other": 0}

    def run(index: int) -> None:
        from django.db import connection as own

        try:
            mine = list(Slot.objects.select_related("station").filter(pk__in=slot_ids))
            random.Random(index).shuffle(mine)
            line = workers[index * len(slot_ids) : (index + 1) * len(slot_ids)]
            barrier.wait()
            for worker, slot in zip(line, mine, strict=True):
                try:
                    services.booking_create(actor=worker, worker=worker, slot=slot)
                    outcome = "won"
                except services.SlotTaken:
                    outcome = "lost"
                except Exception:  # counted and reported, not hidden
                    outcome = "other"
                with lock:
                    tally[outcome] += 1
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    attempts = sum(tally.values())
    print(
        f"  booking_create, {THREADS} threads racing for {len(slot_ids)} slots: "
        f"{attempts} attempts in {elapsed:.2f} s = {attempts / elapsed:,.0f} attempts/s; "
        f"won {tally['won']}, SlotTaken {tally['lost']}, other errors {tally['other']}"
    )
    assert tally["won"] == len(slot_ids), tally


def overlap_check() -> None:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for name, sql in OVERLAPS.items():
            cursor.execute(sql)
            counts[name] = cursor.fetchone()[0]
    print(
        f"  SQL check: overlapping active bookings per counsellor {counts['counsellor']}, "
        f"per room {counts['room']}; slots booked twice {counts['slot']}"
    )
    assert not any(counts.values()), counts


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or list(SIZES)
    with bench_database():
        from django.conf import settings
        from django.db import connection

        settings.DEBUG = False
        logging.getLogger("core.sms").setLevel(logging.WARNING)
        print(
            f"{connection.vendor}: min notice {settings.APPOINTMENT_MIN_NOTICE_HOURS} h, "
            f"max open bookings per worker {settings.APPOINTMENT_MAX_OPEN_BOOKINGS}, "
            f"{RUNS} runs per search"
        )
        for n in sizes:
            reset()
            started = time.perf_counter()
            counsellor_ids, stations = build(n)
            print(
                f"{connection.vendor} {n} counsellors at {len(stations)} stations "
                f"(data built in {time.perf_counter() - started:.1f} s)"
            )
            generate(counsellor_ids)
            searches(counsellor_ids, stations)
            sequential_bookings()
            if connection.vendor == "postgresql":
                racing_bookings()
            overlap_check()


if __name__ == "__main__":
    main()
