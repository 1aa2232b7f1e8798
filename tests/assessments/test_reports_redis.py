"""The report pipeline on the real Redis with real Celery worker processes (CI's second pass).

The workers are separate processes sharing the test database: they are given
a DATABASE_URL naming it, and the tests use transactional test cases so that
what a test writes is committed and visible to them. Each test run uses its
own queue, removed from Redis afterwards. Every wait is bounded.

    DATABASE_URL=postgres://… REDIS_URL=redis://… pytest tests/assessments/test_reports_redis.py
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_text

from assessments import access, services
from assessments.models import Report, ReportStatus, Submission
from assessments.services import reports
from config.celery import app
from tests.core.workers import Workers, forget_queue, wait_for

PHQ9_MODERATE = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # total 10: 中度抑郁症状
BAND_ZH = "中度抑郁症状"

pytestmark = [
    pytest.mark.redis,
    # The worker processes need the test database on a server: SQLite's is in memory.
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def workers() -> Iterator[Workers]:
    assert app.conf.broker_url.startswith("redis"), "REDIS_URL must point at Redis"
    queue = f"test-reports-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    # Tasks the code under test sends (report_request, the sweeper) go to this run's queue.
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False  # tests/conftest.py turns it back on
    pool = Workers(queue)
    try:
        yield pool
    finally:
        app.conf.task_default_queue = default_queue
        pool.stop()
        forget_queue(queue)


@pytest.fixture
def submission() -> Submission:
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MODERATE, language="zh-hans"
    )
    return submission


def status_of(report_id: int) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report_id)


def pdf_text(report_id: int) -> str:
    report = Report.objects.get(pk=report_id)
    assert report.pdf is not None
    return extract_text(io.BytesIO(bytes(report.pdf)))


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def test_a_requested_report_goes_from_pending_to_done_through_a_real_worker(
    workers: Workers, submission: Submission
) -> None:
    workers.start()
    client = Client()
    client.cookies[access.COOKIE_NAME] = access.encode(
        access.ResultPass(ids=[str(submission.public_id)])
    )

    response = client.post(
        reverse("assessments:report_request", args=[submission.public_id]),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.content.decode()  # pending: the page polls
    report = Report.objects.get(submission=submission)
    assert report.language == "zh-hans" and report.sent_at is not None

    status_url = reverse("assessments:report_status", args=[report.public_id])
    download_url = reverse("assessments:report_download", args=[report.public_id])

    def polled_until_ready() -> bool:
        page = client.get(status_url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="zh-hans")
        return download_url in page.content.decode()

    wait_for("the report to be made", polled_until_ready, timeout=90, workers=workers)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 1

    download = client.get(download_url)
    assert download.status_code == 200
    text = extract_text(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    assert "心理健康评估报告" in text
    assert BAND_ZH in text


def test_after_the_worker_is_killed_mid_render_the_sweeper_finishes_with_one_pdf(
    workers: Workers, submission: Submission
) -> None:
    first = workers.start(render_delay=60)
    report = reports.report_request(submission=submission, language="zh-hans")
    wait_for(
        "the first worker to start rendering",
        lambda: status_of(report.pk) == ReportStatus.RUNNING,
        timeout=60,
        workers=workers,
    )
    workers.kill(first.pid)
    first.wait(timeout=30)
    assert status_of(report.pk) == ReportStatus.RUNNING  # left behind, lock released

    workers.start()
    # Time passes: the report is now older than the sweeper's threshold.
    long_ago = timezone.now() - timedelta(minutes=settings.REPORT_SWEEP_AFTER_MINUTES + 1)
    Report.objects.filter(pk=report.pk).update(requested_at=long_ago, sent_at=long_ago)
    assert reports.sweep_pending() == 1
    wait_for(
        "the new worker to finish the report",
        lambda: status_of(report.pk) == ReportStatus.DONE,
        timeout=90,
        workers=workers,
    )
    assert Report.objects.filter(submission=submission).count() == 1
    report.refresh_from_db()
    assert report.attempts == 2  # the killed attempt and the one that finished
    assert BAND_ZH in pdf_text(report.pk)
    assert reports.sweep_pending() == 0


def test_a_pool_process_killed_mid_render_has_its_task_redelivered_and_finished_once(
    workers: Workers, submission: Submission
) -> None:
    # prefork: the worker outlives its pool process, sees it lost, and with
    # acks_late + reject_on_worker_lost puts the message back on the queue.
    worker = workers.start(render_delay=3, pool="prefork")
    report = reports.report_request(submission=submission, language="zh-hans")
    wait_for(
        "the pool process to start rendering",
        lambda: status_of(report.pk) == ReportStatus.RUNNING,
        timeout=60,
        workers=workers,
    )
    pool_processes = wait_for(
        "the pool process", lambda: children_of(worker.pid), timeout=10, workers=workers
    )
    for pid in pool_processes:
        workers.kill(pid)
    wait_for(
        "the redelivered task to finish the report",
        lambda: status_of(report.pk) == ReportStatus.DONE,
        timeout=120,
        workers=workers,
    )
    assert Report.objects.filter(submission=submission).count() == 1
    report.refresh_from_db()
    assert report.attempts == 2
    assert BAND_ZH in pdf_text(report.pk)
