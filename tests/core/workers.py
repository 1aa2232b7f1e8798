"""Real Celery worker processes for the tests of CI's second pass (Redis, PostgreSQL).

`Workers(queue)` starts workers (tests/assessments/report_worker.py) on a queue of
their own against the test database; `wait_for` polls with a deadline while checking
they are alive; `forget_queue` clears the queue from Redis afterwards.

A helper module, not a test module: test modules import it (they never import each
other). tests/assessments/test_reports_redis.py still has its own copy of these, to
be replaced by an import from here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "assessments" / "report_worker.py"

T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T], *, timeout: float, workers: Workers) -> T:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        workers.assert_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}\n{workers.output()}")
        time.sleep(0.1)


def worker_database_url() -> str:
    """DATABASE_URL of the database this test runs on (test_<name>, not the configured one)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


class Workers:
    """Starts Celery worker processes on one queue of their own; stops them all at the end."""

    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.processes: list[subprocess.Popen[bytes]] = []
        self.expected_dead: set[int] = set()
        self.log = tempfile.NamedTemporaryFile(prefix="report-worker-", suffix=".log")  # noqa: SIM115

    def start(self, *, render_delay: float = 0, pool: str = "solo") -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "XINLING_TEST_RENDER_DELAY": str(render_delay),
        }
        proc = subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                f"--pool={pool}",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{len(self.processes)}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(proc)
        return proc

    def kill(self, pid: int) -> None:
        """SIGKILL: no shutdown, no acknowledgement, the database connection just drops."""
        self.expected_dead.add(pid)
        os.kill(pid, signal.SIGKILL)

    def assert_alive(self) -> None:
        for proc in self.processes:
            if proc.pid not in self.expected_dead and proc.poll() is not None:
                pytest.fail(f"worker {proc.pid} exited with {proc.returncode}\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.log.close()


def forget_queue(queue: str) -> None:
    """Remove the run's queue, its bindings and any message a killed worker left unacknowledged."""
    assert settings.REDIS_URL
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{queue}*"):
        client.delete(key)
    client.delete(f"_kombu.binding_permanent.{queue}")
    for tag, raw in client.hscan_iter("unacked"):
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    for key in client.scan_iter(match="_kombu.binding.*"):
        for member in client.smembers(key):
            name = member.decode(errors="replace") if isinstance(member, bytes) else member
            if name.endswith(queue):
                client.srem(key, member)
