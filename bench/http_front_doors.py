"""Front doors over HTTP: gunicorn + wrk, each target paired with a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinling REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/http_front_doors.py [--worker-class sync,gthread] \
        [--connections 10,50] [--rounds 3] [--duration 5] [--scale 10] [--only stations,slots]

Builds its own database (`xinling_bench`, or `--database NAME`: dropped and created, migrated,
the demo city loaded, times `--scale` stations and slots), creates a partner app with every
scope and a rate no bench run reaches, and starts gunicorn (2 workers) under
DJANGO_ENV=production with a bench secret key and ALLOWED_HOSTS, on bench/ceiling_site.py:
the project's settings plus /bench/ceiling/ (a bare JsonResponse, the ceiling) and
/bench/drf/ (a bare DRF view with the partner-key authentication and throttle). Each target
is run with wrk right after the ceiling, in every round; the ratio is the median over rounds
of target req/s / ceiling req/s of the same round. CPU ms per request is the workers' user +
system time (/proc/<pid>/stat) over the requests wrk completed. Queries are counted in
process (Django test client, CaptureQueriesContext) on the same database.
Needs wrk: `scripts/install-system-deps.sh --bench`.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

PARTNER_KEY = "bench-partner-key-0123456789abcdef0123456789abcdef"
NEAR = "36.0671,120.3826"  # the demo city's centre
PHQ9_PLAIN = [1, 1, 0, 1, 0, 1, 0, 0, 0]
PHQ9_RISK = [1, 1, 0, 1, 0, 1, 0, 0, 2]
CLK_TCK = os.sysconf("SC_CLK_TCK")
# gunicorn's and the in-process setup's: a portal target's session and result pass are
# signed in process and read by the server.
SECRET_KEY = "bench-only-secret-key-" + "x" * 40


@dataclass
class Target:
    name: str
    path: str
    partner: bool = True
    body: list[int] | None = None  # PHQ-9 answers: a POST to /api/v1/assessments/
    # A visitor's state the page needs ("flow": a questionnaire started; "result" /
    # "result_risk": a PHQ-9 just submitted through the portal): made once in process,
    # then sent by wrk as the visitor's cookies (the path's {result} is the result's id).
    state: str = ""
    cookie: str = ""


TARGETS = [
    Target("ceiling", "/bench/ceiling/", partner=False),
    Target("drf", "/bench/drf/"),
    Target("floor", "/bench/floor/", body=PHQ9_PLAIN),
    Target("stations", f"/api/v1/stations/?near={NEAR}&within=15"),
    Target("submit", "/api/v1/assessments/", body=PHQ9_PLAIN),
    Target("submit_risk", "/api/v1/assessments/", body=PHQ9_RISK),
    Target("slots", "/api/v1/slots/"),
    Target("instruments", "/api/v1/instruments/"),
    Target("home", "/", partner=False),
    Target("station_list", "/stations/", partner=False),
    Target("booking", "/appointments/", partner=False),
    Target("assessments", "/assessments/", partner=False),
    Target("take_intro", "/assessments/take/phq9/", partner=False),
    Target("take_page", "/assessments/take/phq9/1/", partner=False, state="flow"),
    Target("result", "/assessments/result/{result}/", partner=False, state="result"),
    Target("result_risk", "/assessments/result/{result}/", partner=False, state="result_risk"),
]


@dataclass
class Run:
    rps: float
    requests: int
    errors: int
    cpu_ms: float
    p50: float
    p95: float
    p99: float


@dataclass
class Row:
    target: Target
    runs: list[Run] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    queries: int = 0


# --- the database -------------------------------------------------------------------------


def bench_database_url(name: str) -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://… (and REDIS_URL=redis://…): this bench is for both.")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), urlunsplit(parts._replace(path="/postgres"))


def build_database(name: str, scale: int, reuse: bool) -> None:
    bench_url, admin_url = bench_database_url(name)
    os.environ["DATABASE_URL"] = bench_url
    if reuse:
        import django

        django.setup()
        return
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", sql], check=True, stdout=subprocess.DEVNULL)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from core.demo import load_demo

    load_demo()
    if scale > 1:
        from _city import scale_city

        scale_city(scale)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def partner_key() -> str:
    from accounts.models import User
    from network import services
    from network.models import PartnerApp, Scope

    PartnerApp.objects.filter(name="bench").delete()
    admin = User.objects.filter(is_superuser=True).first()
    assert admin is not None
    services.partner_app_create(
        actor=admin,
        name="bench",
        scopes=list(Scope.values),
        key=PARTNER_KEY,
        throttle_rate="100000000/minute",  # still counted on every request; never reached
    )
    return PARTNER_KEY


def portal_state(target: Target) -> None:
    """Give a portal target the visitor it needs: the portal's own pages, in process."""
    from django.test import Client

    from assessments import flow
    from assessments.forms import AnswerPageForm

    client = Client()
    # As a browser: the introduction first (its form sets the CSRF cookie every later page
    # of the visit sends; without one each request would mint a new secret), then the start.
    client.get("/assessments/take/phq9/")
    client.post("/assessments/take/phq9/")  # starts the questionnaire (the session)
    if target.state.startswith("result"):
        answers = PHQ9_RISK if target.state == "result_risk" else PHQ9_PLAIN
        for page, first in enumerate(range(0, len(answers), flow.PAGE_SIZE), start=1):
            chunk = answers[first : first + flow.PAGE_SIZE]
            data = {AnswerPageForm.field_name(first + i + 1): str(v) for i, v in enumerate(chunk)}
            client.post(f"/assessments/take/phq9/{page}/", data)
        response = client.post("/assessments/take/phq9/finish/", {"skip": "1"})
        assert response.status_code == 302, (response.status_code, response.content[:300])
        target.path = target.path.format(result=response["Location"].rstrip("/").rsplit("/")[-1])
    target.cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def count_queries(target: Target, key: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"Authorization": f"Bearer {key}"} if target.partner else {}
    if target.cookie:
        headers["Cookie"] = target.cookie
    for _warm in range(2):  # warm, then count: caches as in a running worker
        with CaptureQueriesContext(connection) as queries:
            if target.body is not None:
                response = client.post(
                    target.path,
                    json.dumps({"instrument": "phq9", "answers": target.body}),
                    content_type="application/json",
                    headers=headers,
                )
            else:
                response = client.get(target.path, headers=headers)
    assert response.status_code < 400, (target.path, response.status_code, response.content[:300])
    return len(queries)


# --- gunicorn and wrk ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(worker_class: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "ceiling_site",
        "SECRET_KEY": SECRET_KEY,
        # Production requires the hotline's keys; bench-only values (a valid Fernet key).
        "HOTLINE_CALLER_KEY": "bench-only-caller-key-" + "x" * 40,
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(
            b"bench-only-field-key".ljust(32, b"x")
        ).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": f"{BENCH}{os.pathsep}{ROOT}",
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        f"--worker-class={worker_class}",
        "--backlog=2048",
        "--log-level=warning",
    ]
    if worker_class == "gthread":
        command.append("--threads=4")
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:  # both workers import the site after the fork: wait until they answer
            for _i in range(8):
                urlopen(f"http://127.0.0.1:{port}/bench/ceiling/", timeout=20).read()
            if len(workers(process.pid)) == 2:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"gunicorn exited; see {log}")
        time.sleep(0.2)
    process.kill()
    sys.exit(f"gunicorn did not start; see {log}")


def workers(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return found


def drain(port: int) -> None:
    for _i in range(3):
        urlopen(f"http://127.0.0.1:{port}/bench/ceiling/", timeout=60).read()


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def lua_script(target: Target, key: str, directory: Path) -> Path:
    script = directory / f"{target.name}.lua"
    lines = [f'wrk.headers["Authorization"] = "Bearer {key}"'] if target.partner else []
    if target.cookie:
        lines.append(f'wrk.headers["Cookie"] = "{target.cookie}"')
    if target.body is not None:
        body = json.dumps({"instrument": "phq9", "answers": target.body})
        lines += [
            'wrk.method = "POST"',
            f"wrk.body = '{body}'",
            'wrk.headers["Content-Type"] = "application/json"',
        ]
    lines += [  # wrk --latency prints 50/75/90/99 only: p95 comes from here, in µs
        "done = function(summary, latency, requests)",
        "  for _, p in pairs({50, 95, 99}) do",
        '    io.write(string.format("P%d %d\\n", p, latency:percentile(p)))',
        "  end",
        "end",
    ]
    script.write_text("\n".join(lines) + "\n")
    return script


def run_wrk(
    port: int, target: Target, script: Path, connections: int, duration: float, pids: list[int]
) -> Run:
    before = cpu_seconds(pids)
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{duration:g}s",
            "--timeout=10s",
            "--latency",
            f"-s{script}",
            f"http://127.0.0.1:{port}{target.path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Over the run only: the requests wrk leaves queued are served (drain) but not counted.
    cpu = cpu_seconds(pids) - before
    drain(port)
    if "Requests/sec" not in output or " 0 requests in" in output:
        sys.exit(f"wrk served nothing for {target.path}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors_found = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(errors_found.group(1)) if errors_found else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    latency = {p: int(us) / 1000 for p, us in re.findall(r"^P(\d+) (\d+)$", output, re.MULTILINE)}
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        requests=requests,
        errors=errors,
        cpu_ms=1000 * cpu / max(requests, 1),
        p50=latency["50"],
        p95=latency["95"],
        p99=latency["99"],
    )


# --- the runs -----------------------------------------------------------------------------


def measure(
    args: argparse.Namespace,
    worker_class: str,
    targets: list[Target],
    key: str,
    queries: dict[str, int],
) -> None:
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"bench_gunicorn_{port}.log"
    server = start_gunicorn(worker_class, port, log)
    try:
        pids = workers(server.pid)
        with tempfile.TemporaryDirectory() as scripts_dir:
            scripts = {t.name: lua_script(t, key, Path(scripts_dir)) for t in targets}
            ceiling = targets[0]
            for target in targets:  # warm every path in both workers
                run_wrk(port, target, scripts[target.name], 4, 1, pids)
            for connections in args.connections:
                rows = {t.name: Row(t, queries=queries[t.name]) for t in targets}
                for _round in range(args.rounds):
                    for target in targets[1:]:
                        base = run_wrk(
                            port, ceiling, scripts["ceiling"], connections, args.duration, pids
                        )
                        run = run_wrk(
                            port, target, scripts[target.name], connections, args.duration, pids
                        )
                        rows["ceiling"].runs.append(base)
                        rows[target.name].runs.append(run)
                        rows[target.name].ratios.append(run.rps / base.rps)
                print_table(worker_class, connections, args, rows.values())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def print_table(
    worker_class: str, connections: int, args: argparse.Namespace, rows: object
) -> None:
    print(
        f"\n### gunicorn 2 × {worker_class}, {connections} connections, "
        f"{args.rounds} rounds × {args.duration:g} s, scale {args.scale}\n"
    )
    print("| target | req/s | ratio | CPU ms/req | p50 ms | p95 ms | p99 ms | queries | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:  # type: ignore[attr-defined]
        runs = row.runs
        ratio = statistics.median(row.ratios) if row.ratios else 1.0
        print(
            f"| {row.target.name} `{row.target.path}` "
            f"| {statistics.median(r.rps for r in runs):.0f} "
            f"| {ratio:.2f} | {statistics.median(r.cpu_ms for r in runs):.1f} "
            f"| {statistics.median(r.p50 for r in runs):.1f} "
            f"| {statistics.median(r.p95 for r in runs):.1f} "
            f"| {statistics.median(r.p99 for r in runs):.1f} | {row.queries} "
            f"| {sum(r.errors for r in runs)} |"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--worker-class", default="sync", help="sync, gthread or both: sync,gthread"
    )
    parser.add_argument("--connections", default="10,50")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--scale", type=int, default=1, help="stations and slots × this")
    parser.add_argument("--database", default="xinling_bench")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a last run")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--only", default="", help="target names, comma-separated")
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: scripts/install-system-deps.sh --bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ceiling_site")
    os.environ["DJANGO_ENV"] = "development"  # the demo loads only outside production
    os.environ["SECRET_KEY"] = SECRET_KEY
    # Its own Redis database and key prefix: the bench's throttle counters and queued tasks
    # never meet anyone else's.
    redis = urlsplit(os.environ.get("REDIS_URL") or sys.exit("Set REDIS_URL=redis://…"))
    os.environ["REDIS_URL"] = urlunsplit(redis._replace(path=f"/{args.redis_db}"))
    os.environ["CACHE_KEY_PREFIX"] = "xinling_bench"
    wanted = set(args.only.split(",")) - {""}
    targets = [t for t in TARGETS if t.name == "ceiling" or not wanted or t.name in wanted]
    started = time.monotonic()
    build_database(args.database, args.scale, args.reuse)
    logging.getLogger("network.api").setLevel(logging.WARNING)
    key = partner_key()
    for target in targets:
        if target.state:
            portal_state(target)
    queries = {t.name: count_queries(t, key) for t in targets}
    from django.db import connections

    connections.close_all()
    print(f"database built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    for worker_class in args.worker_class.split(","):
        measure(args, worker_class, targets, key, queries)


if __name__ == "__main__":
    main()
