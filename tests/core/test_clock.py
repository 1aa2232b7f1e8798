"""TEST_CLOCK (tests/conftest.py) runs every test from one Shanghai moment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "tests/core/clock_probe.py"


def run_probe(clock: str, expect: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TEST_CLOCK": clock, "CLOCK_PROBE_EXPECT": expect}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "0", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("clock", "expect"),
    [
        ("23:30", "2026-06-10T23:30:00+08:00"),  # the default day, a Wednesday
        ("2026-06-14T00:10", "2026-06-14T00:10:00+08:00"),  # a Sunday, still Saturday in UTC
    ],
)
def test_the_suite_runs_at_the_test_clock(clock: str, expect: str) -> None:
    result = run_probe(clock, expect)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


def test_a_malformed_test_clock_stops_the_run() -> None:
    result = run_probe("quarter to nine", "2026-06-10T08:45:00+08:00")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "TEST_CLOCK='quarter to nine'" in result.stderr
