"""KPI figures at city scale: 5,000 units and 1,000,000 fact rows, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling \\
        .venv/bin/python bench/kpis_dashboard.py [--facts 1000000] [--runs 30] \\
        [--raw-per-day 100] [--keep]

Builds its own database (`test_xinling_bench_kpis`, or DATABASE_TEST_NAME; dropped at the
end unless `--keep`): a city root, 16 districts, 192 heart stations and enterprise rooms up
to 500 units first, then up to 5,000 (with their UnitAncestor rows), `--facts` fact rows
made by one INSERT … SELECT generate_series (spread over the computed indicators, the
days of this year up to today, the units, and a tenth of them breakdown rows), their
roll-ups (kpis.services.rollup.rollup_rebuild) and plans
for the root and the districts. Measures p50 / p95 over `--runs` and the queries of one
call: the city root's figures (kpis.selectors.figures, what the progress page reads) and
the staff progress page through the test client (a centre admin signed in past MFA), a
district's figures; the root's query count at 500 and at 5,000 units; the rebuild's write
path over the 1,000,000 facts (rows/s); closing last month as the hourly beat job does
(the time fact writers wait); `manage.py kpis_rebuild` from raw records (a year
of the hotline at `--raw-per-day` calls a day, bench/_hotline_data.py: raw domain records
for a million facts would take longer to make than to measure); the cost of one
incremental fact (core.facts.record) into this month and into a closed month (which
adds to the roll-up rows), and of logging a call with and without the kpis handler
registered.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import date
from typing import Any

os.environ.setdefault("DATABASE_TEST_NAME", "test_xinling_bench_kpis")
os.environ["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from _setup import bench_database, percentile

Row = tuple[str, float, float, int]
DISTRICTS, STATIONS_PER_DISTRICT = 16, 12
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
KEYS = ("gig", "women", "migrant")


def step(index: int) -> str:
    out = ""
    for _ in range(4):
        index, digit = divmod(index, 36)
        out = ALPHABET[digit] + out
    return out


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    timings, queries = [], 0
    for i in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = call()
            timings.append(time.perf_counter() - start)
        if i == 0:
            queries = len(captured)
        code = getattr(response, "status_code", 200)
        if code not in (200, 302):
            raise SystemExit(f"answered {code}")
    return percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000, queries


def show(row: Row) -> Row:
    label, p50, p95, queries = row
    flag = "  SLOW" if p95 > 300 else ""
    print(f"{label:46} {p50:9.1f} {p95:9.1f} {queries:8}{flag}", flush=True)
    return row


def _root() -> Any:
    from network.models import Level, OrgUnit

    name = "市总工会心理服务中心"
    return OrgUnit.objects.create(name=name, level=Level.CENTRE, path=step(0), depth=0)


def grow(root: Any, total: int) -> None:
    """Add rooms (and the districts and stations first) until the tree has `total` units."""
    from network.models import Level, OrgUnit

    districts = list(OrgUnit.objects.filter(level=Level.DISTRICT).order_by("path"))
    if not districts:
        OrgUnit.objects.bulk_create(
            OrgUnit(name=f"区{d}", level=Level.DISTRICT, parent=root, depth=1,
                    path=root.path + step(d))
            for d in range(DISTRICTS)
        )  # fmt: skip
        districts = list(OrgUnit.objects.filter(level=Level.DISTRICT).order_by("path"))
        OrgUnit.objects.bulk_create(
            OrgUnit(name=f"{d.name}站{s}", level=Level.STATION, parent=d, depth=2,
                    path=d.path + step(s))
            for d in districts for s in range(STATIONS_PER_DISTRICT)
        )  # fmt: skip
    stations = list(OrgUnit.objects.filter(level=Level.STATION).order_by("path"))
    existing = OrgUnit.objects.count()
    rooms_now = OrgUnit.objects.filter(level=Level.ROOM).count()
    new = []
    for i in range(rooms_now, rooms_now + total - existing):
        # Uneven fan-out: a station has 5 to 45 rooms, most around 25.
        station = stations[(i * 7) % len(stations)]
        new.append(
            OrgUnit(name=f"{station.name}室{i}", level=Level.ROOM, parent=station, depth=3,
                    path=station.path + step(i // len(stations)))
        )  # fmt: skip
    OrgUnit.objects.bulk_create(new, batch_size=1000)
    from kpis.services.facts import ancestors_rewrite

    ancestors_rewrite(root)


FACTS_SQL = """
INSERT INTO kpis_fact (indicator, unit_id, date, year, month, value, breakdown,
                       source_app, source_model, source_pk)
SELECT codes[1 + g %% n_codes], units[1 + ((g::bigint * 7919) %% n_units)::int], d, %(year)s,
       extract(month FROM d)::int, 1 + (g %% 3 = 0)::int,
       CASE WHEN g %% 10 = 0 THEN keys[1 + (g / 10) %% 3] ELSE '' END,
       'bench', 'fact', g
FROM generate_series(1, %(n)s) AS g,
     LATERAL (SELECT (%(start)s::date + ((g * 31) %% %(span)s))::date AS d) AS day,
     (SELECT %(codes)s::text[] AS codes, %(n_codes)s AS n_codes, %(units)s::bigint[] AS units,
             %(n_units)s AS n_units, %(keys)s::text[] AS keys) AS p
"""


def facts(n: int, today: date) -> float:
    from django.db import connection

    from kpis.indicators import computed_codes
    from kpis.services.rollup import rollup_rebuild
    from network.models import OrgUnit

    units = list(OrgUnit.objects.order_by("?").values_list("pk", flat=True))
    codes = list(computed_codes())
    start = date(today.year, 1, 1)
    params: dict[str, Any] = {
        "n": n, "year": today.year, "start": start, "span": (today - start).days + 1,
        "codes": codes, "n_codes": len(codes), "units": units, "n_units": len(units),
        "keys": list(KEYS),
    }  # fmt: skip
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL, params)
        rollup_rebuild()
        cursor.execute("ANALYZE kpis_fact")
        cursor.execute("ANALYZE kpis_unitancestor")
        cursor.execute("ANALYZE network_orgunit")
    return time.perf_counter() - began


def people_and_plans(root: Any, year: int) -> Any:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from kpis.indicators import CATALOGUE
    from kpis.models import Plan
    from network.models import Level, Membership, OrgUnit, Role

    admin = User.objects.create(username="kpi-admin", email="kpi@example.com", is_staff=True)
    Membership.objects.create(user=admin, unit=root, role=Role.CENTRE_ADMIN)
    TOTP.activate(admin, generate_totp_secret())  # the staff MFA step
    districts = list(OrgUnit.objects.filter(level=Level.DISTRICT))
    Plan.objects.bulk_create(
        [Plan(unit=root, year=year, code=i.code, target=200_000, updated_by=admin)
         for i in CATALOGUE]
        + [Plan(unit=d, year=year, code=i.code, target=10_000, updated_by=admin)
           for d in districts for i in CATALOGUE]
    )  # fmt: skip
    return admin


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # the user has TOTP: StaffMFAMiddleware lets them through
    return client


def dashboard(admin: Any, root: Any, year: int, runs: int, *, units: int) -> list[Row]:
    from django.urls import reverse

    from kpis import selectors
    from network.models import Level, OrgUnit

    district = OrgUnit.objects.filter(level=Level.DISTRICT).order_by("path")[0]
    client = _client(admin)
    page = reverse("staff:kpis:progress", args=[root.public_id]) + f"?year={year}"
    return [
        show((f"root figures, selector ({units:,} units)",
              *timed(lambda: selectors.figures(admin, root, year), runs))),
        show((f"root progress page, staff ({units:,} units)",
              *timed(lambda: client.get(page), runs))),
        show((f"district figures, selector ({units:,} units)",
              *timed(lambda: selectors.figures(admin, district, year), runs))),
    ]  # fmt: skip


def close_one_month(today: date) -> None:
    """Last month reopened, then closed as the hourly beat job does (writers wait)."""
    from kpis.models import Fact, FactRollup, RollupMonth
    from kpis.services.rollup import month_close

    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    RollupMonth.objects.filter(year=year, month=month).delete()
    FactRollup.objects.filter(year=year, month=month).delete()
    n = Fact.objects.filter(year=year, month=month).count()
    began = time.perf_counter()
    month_close(year, month)
    took = time.perf_counter() - began
    rows = FactRollup.objects.filter(year=year, month=month).count()
    print(f"closing {year}-{month:02d}: {n:,} facts into {rows:,} roll-up rows in {took:.2f} s "
          "(fact writers wait meanwhile)")  # fmt: skip


def rebuild_write_path(today: date) -> tuple[int, float]:
    """kpis.services.rebuild over the fact rows already there, as core.facts.Fact."""
    from core.facts import Fact, Source
    from kpis.models import Fact as Row_
    from kpis.services.rebuild import rebuild

    rows = Row_.objects.values_list(
        "indicator", "unit_id", "date", "value", "breakdown", "source_pk"
    ).iterator(chunk_size=10_000)
    data = (
        Fact(indicator=i, unit_id=u, day=d, value=v, breakdown=b, source=Source("bench", "f", pk))
        for i, u, d, v, b, pk in rows
    )
    result = rebuild(data)
    return result.facts, result.seconds


def raw_rebuild(per_day: int) -> tuple[int, float, Any]:
    """A year of hotline calls made in SQL, then `manage.py kpis_rebuild` from them."""
    import io

    import _hotline_data
    from django.core.management import call_command

    from kpis.models import Fact

    _hotline_data.PROFILES = 25_000  # the contact requests use the first 21,900
    built = _hotline_data.build(per_day)
    began = time.perf_counter()
    call_command("kpis_rebuild", stdout=io.StringIO())
    return Fact.objects.count(), time.perf_counter() - began, built


def incremental(built: Any, runs: int) -> list[Row]:
    from hotline_calls import _log_calls

    from core import clock
    from core import facts as core_facts
    from core.facts import Fact, Source
    from kpis.services.facts import FACT_TABLE

    unit = built.line.unit_id
    serial = iter(range(10**9, 2 * 10**9))

    def one() -> None:
        source = Source("bench", "one", next(serial))
        core_facts.record([Fact("hotline_calls", unit, clock.today(), 1, source)])

    def late() -> None:  # into a closed month: the roll-up rows of its unit and ancestors
        source = Source("bench", "late", next(serial))
        day = date(clock.today().year, 1, 15)
        core_facts.record([Fact("hotline_calls", unit, day, 1, source)])

    client = _client(built.operator)
    rows = [show(("core.facts.record, one fact (this month)", *timed(one, runs)))]
    rows.append(show(("core.facts.record, one fact (a closed month)", *timed(late, runs))))
    p50, p95, queries, _cpu = _log_calls(client, built, built.line.public_id, runs)
    rows.append(show(("logging a call (POST), kpis handler on", p50, p95, queries)))
    core_facts._handlers.remove(FACT_TABLE)
    try:
        p50, p95, queries, _cpu = _log_calls(client, built, built.line.public_id, runs)
    finally:
        core_facts.register_handler(FACT_TABLE)
    rows.append(show(("logging a call (POST), no kpis handler", p50, p95, queries)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--raw-per-day", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="leave the database behind")
    args = parser.parse_args()
    with bench_database(keep=args.keep):
        from django.db import connection

        if connection.vendor != "postgresql":
            raise SystemExit("bench/kpis_dashboard.py needs PostgreSQL: set DATABASE_URL")
        run(args)


def run(args: argparse.Namespace) -> None:
    from core import clock

    today = clock.today()
    root = _root()
    grow(root, 500)
    admin = people_and_plans(root, today.year)
    facts(args.facts // 10, today)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'':46} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}", flush=True)
    small = dashboard(admin, root, today.year, args.runs, units=500)
    began = time.perf_counter()
    from kpis.models import Fact

    Fact.objects.all().delete()  # the roll-ups are rebuilt with the new facts
    grow(root, args.units)
    took = facts(args.facts, today)
    print(f"data: {args.units:,} units, {Fact.objects.count():,} facts "
          f"({took:.1f} s for the facts, {time.perf_counter() - began:.1f} s in all)")  # fmt: skip
    big = dashboard(admin, root, today.year, args.runs, units=args.units)
    print(f"root queries: {small[0][3]} (selector) / {small[1][3]} (page) at 500 units, "
          f"{big[0][3]} / {big[1][3]} at {args.units:,}")  # fmt: skip
    close_one_month(today)
    count, seconds = rebuild_write_path(today)
    print(f"rebuild write path: {count:,} facts in {seconds:.1f} s ({count / seconds:,.0f} rows/s)")
    raw, seconds, built = raw_rebuild(args.raw_per_day)
    print(f"kpis_rebuild from raw records (a year of {args.raw_per_day} calls a day): "
          f"{raw:,} facts in {seconds:.1f} s ({raw / seconds:,.0f} rows/s)")  # fmt: skip
    incremental(built, args.runs)
    print(f"load average {os.getloadavg()[0]:.1f}")
    slow = [row[0] for row in big if row[2] > 300]
    print(f"p95 over 300 ms: {', '.join(slow)}" if slow else "every dashboard p95 under 300 ms")


if __name__ == "__main__":
    main()
