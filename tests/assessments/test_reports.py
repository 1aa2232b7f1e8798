"""Personal PDF reports: pending → done, idempotent, swept when left behind."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text

from assessments import reports, services
from assessments.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(db: None):  # type: ignore[no-untyped-def]
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=[2, 2, 2, 1, 1, 1, 1, 0, 0], language="zh-hans"
    )
    return submission


def test_a_report_is_made_after_commit_and_holds_the_chinese_band(
    submission,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_request(submission=submission, language="zh-hans")
        assert Report.objects.get(pk=report.pk).status == ReportStatus.PENDING
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    text = extract_text(io.BytesIO(bytes(report.pdf)))
    assert "心理健康评估报告" in text
    assert "中度" in text  # PHQ-9 total 10: moderate


def test_asking_twice_makes_one_report(
    submission,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = reports.report_request(submission=submission, language="zh-hans")
        second = reports.report_request(submission=submission, language="zh-hans")
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert reports.report_render(first.pk) is False  # already done: nothing to do


def test_the_sweeper_sends_reports_left_pending(submission) -> None:  # type: ignore[no-untyped-def]
    report = Report.objects.create(submission=submission, language="en")
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - timedelta(minutes=30))
    assert reports.sweep_pending() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
