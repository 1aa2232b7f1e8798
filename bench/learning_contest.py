"""2,000 entrants opening and submitting a quiz-contest paper within one minute.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling .venv/bin/python bench/learning_contest.py
.venv/bin/python bench/learning_contest.py --entrants 2000 --seconds 60 --clients 48

Builds its own test database (`test_xinling_bench_contest`, or DATABASE_TEST_NAME) with a
bank of 160 questions, a running contest whose paper holds 16 of them (the Moodle 4.5
load-test quiz size, drawn by blueprint, staggered start), the entrants (workers with
verified mobile numbers) and a partner app with `learning:write`. It first counts the
queries of one open and one submit in-process (Django's test client, the same views), then
starts gunicorn on the database (2 workers × 8 threads, as `make run` scales out) and lets
every entrant, at a random moment of the minute, do what a union app does: open the entry
(POST /api/v1/contests/<id>/entry/, X-Worker-Phone), and submit all 16 answers at once
(POST …/entry/submit/). One entrant in five opens twice (a retry or a second tab: must
answer the same entry). Prints the machine's load average before and after (the figures
depend on it), the answers by status, the latency p50 / p95 / max of the
opens and submits as the clients measured them, and checks that every entrant's entry is
stored exactly once, submitted, with exactly 16 paper questions; exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

os.environ.setdefault("DATABASE_TEST_NAME", "test_xinling_bench_contest")
os.environ["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from _setup import bench_database, percentile
from courses_signin import free_port, start_server

CATEGORIES = ("stress", "emotion", "relations", "team")
DIFFICULTIES = ("easy", "medium")
PER_CELL = 2  # questions of each cell on the paper: 4 × 2 × 2 = 16
BANK_PER_CELL = 20  # 160 questions in the bank


def build(entrants: int) -> tuple[Any, str, list[str]]:
    from django.utils import timezone

    from accounts.models import User
    from learning.models import Contest, ContestLine, ContestStatus, Option, Question
    from network import services as network_services
    from network.models import Scope

    questions = [
        Question(
            code=f"Q-{i:04d}",
            kind="single",
            category=category,
            difficulty=difficulty,
            text=f"第{i}题：压力来临时，哪种做法更合适？",
            explanation="深呼吸能让身体从应激状态中平复。",
        )
        for i, (category, difficulty) in enumerate(
            (c, d) for c in CATEGORIES for d in DIFFICULTIES for _ in range(BANK_PER_CELL)
        )
    ]
    Question.objects.bulk_create(questions)
    Option.objects.bulk_create(
        Option(question=q, position=p, text=f"选项{p}", is_correct=p == 1)
        for q in Question.objects.all()
        for p in range(1, 5)
    )
    now = timezone.now()
    contest = Contest.objects.create(
        title="心理健康知识有奖问答",
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=2),
        time_limit_minutes=15,
        staggered_start=True,
        status=ContestStatus.PUBLISHED,
    )
    ContestLine.objects.bulk_create(
        ContestLine(contest=contest, category=c, difficulty=d, count=PER_CELL)
        for c in CATEGORIES
        for d in DIFFICULTIES
    )
    phones = [f"+86139{i:08d}" for i in range(entrants + 20)]
    User.objects.bulk_create(
        User(username=f"bench-{i}", phone=phone, phone_verified=True)
        for i, phone in enumerate(phones)
    )
    admin = User.objects.create(username="bench-root", is_superuser=True, is_staff=True)
    _app, key = network_services.partner_app_create(
        actor=admin, name="工会App", scopes=[Scope.LEARNING_WRITE], throttle_rate="1000000/minute"
    )
    return contest, key, phones


def query_counts(contest: Any, key: str, phones: list[str]) -> tuple[float, float, float, float]:
    """Mean queries and milliseconds of an open and a submit over 20 entrants, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    base = f"/api/v1/contests/{contest.public_id}/entry/"
    opens, submits, open_ms, submit_ms = [], [], [], []
    for phone in phones:
        auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_X_WORKER_PHONE": phone}
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as opened:
            paper = client.post(base, {"nickname": "热身"}, "application/json", **auth).json()
        open_ms.append((time.perf_counter() - started) * 1000)
        body = {"answers": [{"question": q["id"], "options": [q["options"][0]["id"]]}
                            for q in paper["questions"]]}  # fmt: skip
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as submitted:
            client.post(base + "submit/", body, "application/json", **auth)
        submit_ms.append((time.perf_counter() - started) * 1000)
        opens.append(len(opened.captured_queries))
        submits.append(len(submitted.captured_queries))
    count = len(phones)
    return (
        sum(opens) / count,
        sum(submits) / count,
        percentile(open_ms, 0.5),
        percentile(submit_ms, 0.5),
    )


def call(url: str, key: str, body: dict[str, Any], phone: str) -> tuple[int, float, dict[str, Any]]:
    """One POST: its status, the latency the client saw (ms) and the JSON answer."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Worker-Phone", phone)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http only
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    except OSError:
        raw, status = b"", 0
    elapsed = (time.perf_counter() - started) * 1000
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    return status, elapsed, answer


Answer = tuple[str, int, float]


def entrant(index: int, *, base: str, key: str, phone: str, at: float) -> list[Answer]:
    time.sleep(max(0.0, at - time.monotonic()))
    status, ms, paper = call(base, key, {"nickname": f"职工{index:04d}"}, phone)
    answers: list[Answer] = [("open", status, ms)]
    if index % 5 == 0:
        again = call(base, key, {"nickname": "第二个标签页"}, phone)
        same = again[0] == 200 and again[2].get("id") == paper.get("id")
        answers.append(("reopen", again[0] if same else 0, again[1]))
    rng = random.Random(index)
    body = {
        "answers": [
            {"question": q["id"], "options": [rng.choice(q["options"])["id"]]}
            for q in paper.get("questions", [])
        ]
    }
    answers.append(("submit", *call(base + "submit/", key, body, phone)[:2]))
    return answers


def check(contest: Any, phones: list[str]) -> tuple[bool, str]:
    """Every entrant's entry stored exactly once, submitted, with a full paper."""
    from django.db.models import Count

    from learning.models import ContestEntry, EntryQuestion

    entries = ContestEntry.objects.filter(contest=contest, worker__phone__in=phones)
    stored = entries.count()
    distinct = entries.values("worker_id").distinct().count()
    submitted = entries.filter(submitted_at__isnull=False).count()
    sizes = Counter(entries.annotate(n=Count("questions")).values_list("n", flat=True))
    papers = EntryQuestion.objects.filter(entry__in=entries).count()
    expected = len(phones)
    per_paper = len(CATEGORIES) * len(DIFFICULTIES) * PER_CELL
    ok = (
        stored == distinct == submitted == expected
        and sizes == Counter({per_paper: expected})
        and papers == expected * per_paper
    )
    full = sizes == Counter({per_paper: expected})
    text = (
        f"entries stored: {stored} (distinct workers {distinct}, submitted {submitted}); "
        f"expected {expected}; paper questions {papers} (all {per_paper} each: {full})"
    )
    return ok, text


def _load() -> str:
    """The load average, so a figure measured on a busy shared machine says so."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entrants", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=48)
    args = parser.parse_args()
    with bench_database():
        from django.db import connection

        if "postgresql" not in connection.settings_dict["ENGINE"]:
            print("note: SQLite — set DATABASE_URL to PostgreSQL for the figures the README quotes")
        contest, key, phones = build(args.entrants)
        warm, load = phones[: len(phones) - args.entrants], phones[-args.entrants :]
        open_q, submit_q, open_ms, submit_ms = query_counts(contest, key, warm)
        print(
            f"one at a time, in-process ({len(warm)} entrants): open {open_q:.1f} queries, "
            f"p50 {open_ms:.0f} ms; submit {submit_q:.1f} queries, p50 {submit_ms:.0f} ms"
        )
        if "postgresql" in connection.settings_dict["ENGINE"]:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"machine load average (1, 5, 15 min) at the start: {_load()}")
        port = free_port()
        server = start_server(port)
        base = f"http://127.0.0.1:{port}/api/v1/contests/{contest.public_id}/entry/"
        try:
            rng = random.Random(2026)
            start = time.monotonic() + 1
            moments = sorted(start + rng.random() * args.seconds for _ in load)
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [
                    pool.submit(entrant, i, base=base, key=key, phone=phone, at=at)
                    for i, (phone, at) in enumerate(zip(load, moments, strict=True))
                ]
                results = [answer for f in futures for answer in f.result()]
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
        statuses = Counter((kind, status) for kind, status, _ in results)
        print(f"{args.entrants} entrants over {elapsed:.1f} s, {len(results)} requests")
        print(f"machine load average at the end: {_load()}")
        for (kind, status), n in sorted(statuses.items()):
            print(f"  {kind:<7} {status}: {n}")
        for kind in ("open", "reopen", "submit"):
            times = [ms for k, _, ms in results if k == kind]
            if times:
                p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
                print(f"  {kind:<7} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(times):6.1f} ms")
        ok, text = check(contest, load)
        print(text)
        answered = all(status == 200 for _kind, status, _ms in results)
        ok = ok and answered
        print("every entry stored exactly once" if ok else "MISMATCH: see the counts above")
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
