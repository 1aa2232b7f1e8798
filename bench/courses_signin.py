"""300 attendees signing in at one lecture within two minutes, from concurrent clients.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling .venv/bin/python bench/courses_signin.py
.venv/bin/python bench/courses_signin.py --attendees 300 --seconds 120 --clients 40

Builds its own test database (`test_xinling_bench_signin`, or DATABASE_TEST_NAME) with one
lecture and a partner app, starts gunicorn on it (2 workers × 8 threads, as `make run`
scales out), and lets each attendee, at a random moment of the two minutes, do what a
mini-program does: open the lecture with the projector's current rotating code (GET …/
sign-in/, which answers a ticket), then post the sign-in (POST …/sign-in/). One attendee in
three sends the same post again (a retry: must answer 200, counted once), and one in ten
tries again from the same phone with another nonce (must answer 409). Prints the answers
by status, the rows in the table (must be exactly the attendees) and the latency p50 / p95 /
max of the posts and of the opens, as the clients measured them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

os.environ.setdefault("DATABASE_TEST_NAME", "test_xinling_bench_signin")
os.environ["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from _setup import ROOT, bench_database, percentile


def build() -> tuple[Any, str]:
    from django.utils import timezone

    from accounts.models import User
    from courses.models import Expert, Lecture, LectureStatus, Topic
    from network import services as network_services
    from network.models import Level, OrgUnit, PractitionerProfile

    centre = OrgUnit.objects.create(name="市中心", level=Level.CENTRE, path="0001", depth=0)
    room = OrgUnit.objects.create(
        name="青岛港企业服务室", level=Level.ROOM, path="00010001", depth=1, parent=centre
    )
    user = User.objects.create(username="bench-expert")
    profile = PractitionerProfile.objects.create(user=user, display_name="李老师")
    expert = Expert.objects.create(practitioner=profile, code="ZJ-001", unit=centre)
    topic = Topic.objects.create(code="YL-001", title="职场压力识别与应对", category="stress")
    now = timezone.now()
    lecture = Lecture.objects.create(
        topic=topic,
        expert=expert,
        unit=room,
        starts_at=now + timedelta(minutes=10),
        ends_at=now + timedelta(minutes=100),
        venue="职工之家报告厅",
        capacity=400,
        status=LectureStatus.SCHEDULED,
    )
    admin = User.objects.create(username="bench-root", is_superuser=True, is_staff=True)
    _app, key = network_services.partner_app_create(
        actor=admin, name="工会小程序", scopes=[], throttle_rate="100000/minute"
    )
    return lecture, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    from django.db import connection

    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    if settings["PASSWORD"]:
        url = url.replace("@", f":{settings['PASSWORD']}@", 1)
    env = {**os.environ, "DEBUG": "false"}
    if "postgresql" in settings["ENGINE"]:
        env["DATABASE_URL"] = url
    else:
        env["DATABASE_URL"] = f"sqlite:///{settings['NAME']}"
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--worker-class", "gthread", "--workers", "2", "--threads", "8",
        "--log-level", "warning",
    ]  # fmt: skip
    # The server's log (a warning per refused request) goes to a file, not between the figures.
    log = (ROOT / "var").joinpath("bench-courses-signin.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    # Ready when it answers anything (the health view may wait on a broker that is not there).
    probe = f"http://127.0.0.1:{port}/api/v1/partner/me/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(probe, timeout=5)
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.3)
        else:
            return server
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def call(
    method: str, url: str, key: str, body: dict[str, Any] | None = None
) -> tuple[int, float, dict[str, Any]]:
    """One request: its status, the latency the client saw (ms) and the JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http only
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw = error.read()
        status = error.code
    elapsed = (time.perf_counter() - started) * 1000
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    return status, elapsed, answer


Answer = tuple[str, int, float]


def attendee(index: int, *, base: str, key: str, lecture: Any, at: float) -> list[Answer]:
    from courses import services

    time.sleep(max(0.0, at - time.monotonic()))
    device = f"openid-{index:05d}"
    # The code the projector shows at this moment, as the phone's camera reads it.
    code = services.rotating_code(lecture)
    status, ms, opened = call("GET", f"{base}?code={code}&device={device}", key)
    answers: list[Answer] = [("open", status, ms)]
    body = {
        "identity": f"职工{index:04d}",
        "unit_name": "青岛港集团",
        "nonce": f"bench-{index:06d}",
        "ticket": opened.get("ticket", ""),
        "code": code,
        "device": device,
    }
    answers.append(("sign-in", *call("POST", base, key, body)[:2]))
    if index % 3 == 0:
        answers.append(("retry", *call("POST", base, key, body)[:2]))
    if index % 10 == 0:
        again = {**body, "nonce": f"bench-{index:06d}-again", "identity": f"同事{index:04d}"}
        answers.append(("same phone", *call("POST", base, key, again)[:2]))
    return answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attendees", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--clients", type=int, default=40)
    args = parser.parse_args()
    with bench_database():
        from django.db import connection

        from courses.models import SignIn

        if "postgresql" not in connection.settings_dict["ENGINE"]:
            print("note: SQLite — set DATABASE_URL to PostgreSQL for the figures the README quotes")
        lecture, key = build()
        port = free_port()
        server = start_server(port)
        base = f"http://127.0.0.1:{port}/api/v1/lectures/{lecture.public_id}/sign-in/"
        try:
            rng = random.Random(2026)
            start = time.monotonic() + 1
            moments = sorted(start + rng.random() * args.seconds for _ in range(args.attendees))
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [
                    pool.submit(attendee, i, base=base, key=key, lecture=lecture, at=at)
                    for i, at in enumerate(moments)
                ]
                results = [answer for f in futures for answer in f.result()]
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(results, elapsed=elapsed, attendees=args.attendees, lecture=lecture, model=SignIn)


def report(
    results: list[tuple[str, int, float]],
    *,
    elapsed: float,
    attendees: int,
    lecture: Any,
    model: Any,
) -> None:
    statuses = Counter((kind, status) for kind, status, _ in results)
    rows = model.objects.filter(lecture=lecture).count()
    distinct = model.objects.filter(lecture=lecture).values("nonce").distinct().count()
    print(f"{attendees} attendees over {elapsed:.1f} s, {len(results)} requests")
    for (kind, status), n in sorted(statuses.items()):
        print(f"  {kind:<11} {status}: {n}")
    print(f"sign-ins stored: {rows} (distinct nonces {distinct}); expected {attendees}")
    for kind in ("sign-in", "retry", "open"):
        times = [ms for k, _, ms in results if k == kind]
        if times:
            p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
            print(f"  {kind:<8} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(times):6.1f} ms")
    ok = (
        rows == attendees
        and statuses[("sign-in", 201)] == attendees
        and statuses[("retry", 200)] == len([r for r in results if r[0] == "retry"])
        and statuses[("same phone", 409)] == len([r for r in results if r[0] == "same phone"])
    )
    print("every sign-in counted exactly once" if ok else "MISMATCH: see the counts above")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
