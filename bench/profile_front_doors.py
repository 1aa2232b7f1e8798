"""The front doors in process: CPU ms per request through Django's test client, no HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/profile_front_doors.py [--requests 200] [--only stations,slots] \
        [--profile stations]

Runs on the database bench/http_front_doors.py built (`xinling_bench`, `--database NAME`; run
that once first), under DJANGO_ENV=production with the same bench settings, its cache in Redis
database 9 with the key prefix `xinling_bench`. For each target: two warm-up requests, then
`--requests` requests; prints the CPU (time.process_time) per request, p50 and p95. Quieter
than wrk on a shared machine: the figure to compare between two versions of the code.
`--profile NAME` prints the cProfile (CPU time) of that target's requests (top 40, cumulative;
`--sort tottime` for the functions' own time).
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from http_front_doors import (  # noqa: E402
    PARTNER_KEY,
    SECRET_KEY,
    TARGETS,
    Target,
    bench_database_url,
    portal_state,
)


def environment(args: argparse.Namespace) -> None:
    bench_url, _admin = bench_database_url(args.database)
    redis = urlsplit(os.environ.get("REDIS_URL") or sys.exit("Set REDIS_URL=redis://…"))
    os.environ.update(
        {
            "DATABASE_URL": bench_url,
            "REDIS_URL": urlunsplit(redis._replace(path=f"/{args.redis_db}")),
            "CACHE_KEY_PREFIX": "xinling_bench",
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "ceiling_site",
            "SECRET_KEY": SECRET_KEY,
            "HOTLINE_CALLER_KEY": "bench-only-caller-key-" + "x" * 40,
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(
                b"bench-only-field-key".ljust(32, b"x")
            ).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
        }
    )


def one_request(client: object, target: Target) -> int:
    headers = {"Authorization": f"Bearer {PARTNER_KEY}"} if target.partner else {}
    if target.cookie:
        headers["Cookie"] = target.cookie
    if target.body is not None:
        response = client.post(  # type: ignore[attr-defined]
            target.path,
            json.dumps({"instrument": "phq9", "answers": target.body}),
            content_type="application/json",
            headers=headers,
        )
    else:
        response = client.get(target.path, headers=headers)  # type: ignore[attr-defined]
    assert response.status_code < 400, (target.path, response.status_code)
    return len(response.content)


def measure(target: Target, requests: int, profile: bool, sort: str = "cumulative") -> None:
    from django.test import Client

    client = Client()
    if target.state:
        portal_state(target)
    for _warm in range(2):
        size = one_request(client, target)
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, not wall
    times = []
    for _i in range(requests):
        if profiler is not None:
            profiler.enable()
        started = time.process_time()
        one_request(client, target)
        times.append(1000 * (time.process_time() - started))
        if profiler is not None:
            profiler.disable()
    times.sort()
    print(
        f"| {target.name} | {statistics.median(times):.2f} "
        f"| {times[int(0.95 * (len(times) - 1))]:.2f} | {size} |"
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(sort).print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="")
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime (own time)")
    parser.add_argument("--database", default="xinling_bench")
    parser.add_argument("--redis-db", type=int, default=9)
    args = parser.parse_args()
    environment(args)
    import django

    django.setup()
    wanted = set(args.only.split(",")) - {""}
    print("| target | CPU ms p50 | CPU ms p95 | bytes |\n|---|---|---|---|")
    for target in TARGETS:
        if not wanted or target.name in wanted or target.name == args.profile:
            measure(target, args.requests, profile=target.name == args.profile, sort=args.sort)


if __name__ == "__main__":
    main()
