"""Run by tests/core/test_clock.py under TEST_CLOCK: every test starts at that moment.

Not collected on its own (python_files is test_*.py).
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

EXPECTED = datetime.fromisoformat(os.environ["CLOCK_PROBE_EXPECT"])
AT_IMPORT = timezone.localtime()  # collection already sees the test clock


def _near(moment: datetime) -> bool:
    return timedelta(0) <= moment - EXPECTED < timedelta(minutes=5)


def test_collection_and_the_test_start_at_the_test_clock() -> None:
    assert _near(AT_IMPORT)
    now = timezone.localtime()
    assert _near(now), now
    assert date.today() == datetime.now().date()
    assert _near(datetime.fromtimestamp(time.time(), tz=EXPECTED.tzinfo))
    # Subprocesses (real Celery workers) are told how far to travel.
    offset = float(os.environ["XINLING_TEST_CLOCK_OFFSET"])
    real = time_machine.escape_hatch.time.time()
    assert abs(real + offset - time.time()) < 1


def test_a_later_test_starts_there_again_and_a_test_may_travel_inside_it() -> None:
    time.sleep(0.01)  # the clock ticks
    assert _near(timezone.localtime())
    with time_machine.travel(EXPECTED + timedelta(days=3), tick=False):
        assert timezone.localtime() == EXPECTED + timedelta(days=3)
    assert _near(timezone.localtime())
