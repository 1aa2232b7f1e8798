"""The 12351 line at a year of 5,000 calls a day (about 1.8 million calls), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling \\
        .venv/bin/python bench/hotline_calls.py [--per-day 5000] [--runs 30] [--keep|--reuse]

Builds its own database (`test_xinling_bench_hotline`, or DATABASE_TEST_NAME; dropped at
the end unless `--keep`; `--reuse` measures again on what a `--keep` run left) with
bench/_hotline_data.py, then measures in process, through Django's test client with staff
signed in past the MFA step (TOTP set up): p50 / p95 over `--runs` requests and the
queries of one request, for the operator's screen, the supervisor's board, the case list,
a case, a logged call, the crisis alert fragment every hotline page polls, the
repeat-caller look-up (the draft autosave with a returning caller's number: keyed HMAC,
profile, banner), saving a call (new draft + log it, the write path) and the analysts'
case counts. Prints the data build time, the load average and a table (with the Python CPU
time of a request, which moves less than the wall clock on a shared machine); exits 1 when
a page answers other than expected.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DATABASE_TEST_NAME", "test_xinling_bench_hotline")
os.environ["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from _setup import bench_database, percentile

Row = tuple[str, float, float, int, float]  # label, p50, p95, queries, Python CPU p50


def timed(call: Callable[[], Any], runs: int, expect: int) -> tuple[float, float, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up (templates, caches)
    timings = []
    cpu = []
    queries = 0
    for i in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = call()
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        if i == 0:
            queries = len(captured)
        code = getattr(response, "status_code", 200)
        if code != expect:
            raise SystemExit(f"answered {code}, expected {expect}")
    ms = [percentile(timings, 0.5) * 1000, percentile(timings, 0.95) * 1000]
    return ms[0], ms[1], queries, percentile(cpu, 0.5) * 1000


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # the user has TOTP: StaffMFAMiddleware lets them through
    return client


def _call_form(data: Any, number: str) -> dict[str, Any]:
    from core import clock
    from hotline.models import CallTopic

    topic = CallTopic.objects.order_by("position").first()
    return {
        "channel": "phone",
        "caller_type": "worker",
        "caller_number": number,
        "topics": [topic.pk] if topic else [],
        "risk": "low",
        "summary": "工作压力大，已疏导",
        "outcome": "counselled",
        "started_at": clock.now_local().strftime("%Y-%m-%dT%H:%M"),
        "duration_seconds": "240",
    }


def measure(built: Any, runs: int) -> list[Row]:
    from django.urls import reverse

    from hotline.models import Call, HotlineCase
    from hotline.selectors import cases as case_selectors

    line = built.line.public_id
    op, sup = _client(built.operator), _client(built.supervisor)
    case = HotlineCase.objects.filter(line=built.line).exclude(status="closed").first()
    call = Call.objects.filter(line=built.line, caller__isnull=False).first()
    assert case is not None and call is not None
    frequent = built.numbers[0]
    pages: list[tuple[str, Callable[[], Any], int]] = [
        ("operator's screen", lambda: op.get(reverse("staff:hotline:desk", args=[line])), 200),
        ("supervisor's board", lambda: sup.get(reverse("staff:hotline:board", args=[line])), 200),
        (
            "open case list (supervisor)",
            lambda: sup.get(reverse("staff:hotline:case_list", args=[line])),
            200,
        ),
        (
            "overdue cases only",
            lambda: sup.get(reverse("staff:hotline:case_list", args=[line]) + "?overdue=1"),
            200,
        ),
        (
            "a case (timeline, booking times)",
            lambda: op.get(reverse("staff:hotline:case", args=[line, case.public_id])),
            200,
        ),
        (
            "a logged call (caller banner)",
            lambda: op.get(reverse("staff:hotline:call", args=[line, call.public_id])),
            200,
        ),
        (
            "crisis alert fragment (polled)",
            lambda: op.get(reverse("staff:hotline:crisis_alerts")),
            200,
        ),
    ]
    rows: list[Row] = [show((label, *timed(fn, runs, code))) for label, fn, code in pages]
    draft = Call.objects.get(public_id=_new_draft(op, line))
    autosave = reverse("staff:hotline:call_autosave", args=[line, draft.public_id])
    look_up = timed(lambda: op.post(autosave, _call_form(built, frequent)), runs, 200)
    rows.append(show(("repeat caller look-up (autosave, HMAC)", *look_up)))
    rows.append(show(("saving a call (log it, POST)", *_log_calls(op, built, line, runs))))
    counts = timed(lambda: case_selectors.case_counts(viewer=built.analyst), runs, 200)
    rows.append(show(("analysts' case counts (selector)", *counts)))
    return rows


def show(row: Row) -> Row:
    label, p50, p95, queries, cpu = row
    flag = "  SLOW" if p95 > 300 else ""
    print(f"{label:40} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {queries:8}{flag}", flush=True)
    return row


def _new_draft(client: Any, line: Any) -> str:
    from django.urls import reverse

    response = client.post(reverse("staff:hotline:call_new", args=[line]))
    assert response.status_code == 302, response.status_code
    return str(response["Location"].rstrip("/").split("/")[-1])


def _log_calls(client: Any, built: Any, line: Any, runs: int) -> tuple[float, float, int, float]:
    """Each run: a new draft (not timed), then the POST that logs it (timed)."""
    from django.urls import reverse

    drafts = [_new_draft(client, line) for _ in range(runs + 1)]
    numbers = iter(built.numbers * (runs // len(built.numbers) + 2))

    def log() -> Any:
        call = drafts.pop()
        url = reverse("staff:hotline:call", args=[line, call])
        return client.post(url, _call_form(built, next(numbers)))

    return timed(log, runs, 302)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="leave the database behind")
    parser.add_argument("--reuse", action="store_true", help="measure the one --keep left")
    args = parser.parse_args()
    with bench_database(keep=args.keep, reuse=args.reuse):
        from django.db import connection

        if connection.vendor != "postgresql":
            raise SystemExit("bench/hotline_calls.py needs PostgreSQL: set DATABASE_URL")
        from _hotline_data import build, reopen

        start = time.perf_counter()
        built = reopen() if args.reuse else build(args.per_day)
        took = time.perf_counter() - start
        counts = ", ".join(f"{v:,} {k}" for k, v in built.counts.items())
        print(f"data: {took:.0f} s for {counts}", flush=True)
        print(f"\nload average {os.getloadavg()[0]:.1f}")
        print(f"{'':40} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>8}", flush=True)
        rows = measure(built, args.runs)
        print(f"load average {os.getloadavg()[0]:.1f}")
        slow = [row[0] for row in rows if row[2] > 300]
        print(f"p95 over 300 ms: {', '.join(slow)}" if slow else "every p95 under 300 ms")


if __name__ == "__main__":
    main()
