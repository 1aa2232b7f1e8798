"""A Celery worker for tests/assessments/test_reports_redis.py.

    python tests/assessments/report_worker.py --pool=solo -Q <queue> ...

The same worker as `celery -A config worker`, except that when the
environment sets XINLING_TEST_RENDER_DELAY (seconds), each PDF render first
sleeps that long, so a test can kill the worker while a report is running.
The hook lives here, in the tests, never in the application code. Under
TEST_CLOCK (tests/conftest.py) the worker keeps the test's clock: it travels
by the offset the test passes in XINLING_TEST_CLOCK_OFFSET.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv: list[str]) -> None:
    offset = float(os.environ.get("XINLING_TEST_CLOCK_OFFSET", "0") or 0)
    if offset:
        import time_machine

        time_machine.travel(time.time() + offset, tick=True).start()

    import django

    django.setup()
    from config.celery import app
    from core import pdf

    delay = float(os.environ.get("XINLING_TEST_RENDER_DELAY", "0") or 0)
    if delay > 0:
        render = pdf.render_pdf

        def slow_render(template_name: str, context: dict[str, Any]) -> bytes:
            time.sleep(delay)
            return render(template_name, context)

        pdf.render_pdf = slow_render  # forked pool processes inherit it
    app.worker_main(["worker", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
