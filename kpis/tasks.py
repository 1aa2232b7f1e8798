"""The kpis app's background work: the annual report PDF, its sweeper, closing months."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from kpis.services import reports, rollup

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(
    name="kpis.render_annual_report",
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def render_annual_report(self: Any, report_id: int) -> bool:
    """Render one report; retries with backoff, then marks it failed."""
    try:
        return reports.annual_report_render(report_id)
    except Exception as exc:
        error = exc.__class__.__name__
        if self.request.is_eager or self.request.retries >= self.max_retries:
            reports.annual_report_mark_failed(report_id, error)
            logger.warning("kpi report %s failed: %s", report_id, error)
            return False
        raise self.retry(countdown=10 * 2**self.request.retries) from None


@shared_task(name="kpis.sweep_annual_reports", ignore_result=True)
def sweep_annual_reports() -> int:
    return reports.annual_report_sweep()


@shared_task(name="kpis.close_months", ignore_result=True)
def close_months() -> int:
    """Months ended an hour ago or more are summed into the roll-ups (hourly)."""
    return len(rollup.months_close())
