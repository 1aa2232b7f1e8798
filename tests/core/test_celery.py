"""A real Celery worker consumes a task from the real Redis (CI's second pass)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.celery import app
from core.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process() -> Iterator[subprocess.Popen[bytes]]:
    queue = f"test-{os.getpid()}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    app.conf.task_always_eager = False
    proc.queue = queue  # type: ignore[attr-defined]
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.redis
def test_a_real_worker_consumes_a_task_from_redis(
    celery_worker_process: subprocess.Popen[bytes],
) -> None:
    assert app.conf.broker_url.startswith("redis://")
    result = ping.apply_async(queue=celery_worker_process.queue)  # type: ignore[attr-defined]
    assert result.get(timeout=60) == "pong"
    assert result.successful()


def test_eager_by_default_without_redis(settings: pytest.FixtureRequest) -> None:
    assert ping.delay().get(timeout=1) == "pong"


def test_reliability_settings_are_in_force() -> None:
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
