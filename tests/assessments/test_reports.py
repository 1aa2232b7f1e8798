"""Personal PDF reports: pending → done, idempotent, retried, swept, purged, and their views."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pdfminer.high_level import extract_text

from assessments import access, services, tasks
from assessments.models import Report, ReportStatus, Submission
from assessments.presentation import report_pdf
from assessments.services import reports
from core import clock, pdf
from core.errors import Conflict, NotFound
from tests.assessments.definitions import parsed

pytestmark = pytest.mark.django_db

PHQ9_MODERATE = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # total 10: moderate, item 9 = 0
PHQ9_ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1 (minimal), but item 9 > 0: risk
K10_HIGH = [3, 2, 3, 2, 2, 3, 2, 3, 2, 2]  # total 24: high distress
PSS10_MODERATE = [2, 3, 2, 1, 2, 3, 2, 1, 3, 2]
WHO5_POOR = [2, 2, 3, 1, 2]  # raw 10: 40 %
SECRET = "answer-text-that-must-not-be-logged"


def make_submission(code: str = "phq9", answers: list[int] | None = None) -> Submission:
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None,
        instrument_code=code,
        answers=answers if answers is not None else PHQ9_MODERATE,
        language="zh-hans",
    )
    return submission


@pytest.fixture
def submission(db: None) -> Submission:
    return make_submission()


def rendered_text(submission: Submission, language: str) -> str:
    report = Report.objects.create(submission=submission, language=language)
    assert reports.report_render(report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.pdf is not None
    return extract_text(io.BytesIO(bytes(report.pdf)))


def band_label(code: str, band: str, language: str) -> str:
    return parsed(code).band(band).label.get(language)


def grant(client: Client, submission: Submission) -> None:
    """What typing the retrieval code does: the browser gets a result pass for it."""
    client.cookies[access.COOKIE_NAME] = access.encode(
        access.ResultPass(ids=[str(submission.public_id)])
    )


def failing_render(template_name: str, context: dict[str, Any]) -> bytes:
    raise RuntimeError(SECRET)


# --- requesting and rendering ----------------------------------------------------------


def test_a_report_is_made_after_commit_and_holds_the_chinese_band(
    submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = reports.report_request(submission=submission, language="zh-hans")
        assert Report.objects.get(pk=report.pk).status == ReportStatus.PENDING
        assert not callbacks  # nothing is sent before the commit
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 1
    assert report.sent_at is not None and report.finished_at is not None
    # Once finished, no stored time of the report is finer than its day.
    for moment in (report.requested_at, report.sent_at, report.finished_at):
        local = timezone.localtime(moment)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
        assert local.date() == clock.today()
    assert report.pdf is not None
    text = extract_text(io.BytesIO(bytes(report.pdf)))
    assert "心理健康评估报告" in text
    assert band_label("phq9", "moderate", "zh-hans") == "中度抑郁症状"
    assert "中度抑郁症状" in text


def test_the_english_report_holds_the_english_band(submission: Submission) -> None:
    text = rendered_text(submission, "en")
    assert "Mental-health assessment report" in text
    assert band_label("phq9", "moderate", "en") in text
    assert band_label("phq9", "moderate", "zh-hans") not in text


def test_the_report_holds_score_meaning_recommendation_contacts_and_the_disclaimer(
    submission: Submission,
) -> None:
    text = rendered_text(submission, "en")
    band = parsed("phq9").band("moderate")
    assert "10 / 27" in text
    assert band.meaning.en[:40] in " ".join(text.split())
    assert band.recommendation.en[:30] in " ".join(text.split())
    assert "What it does not mean" in text
    assert str(settings.HOTLINE_NUMBER) in text
    assert "120" in text and "110" in text
    assert "/stations/" in text
    assert "It is not a diagnosis." in text  # the footer


def test_the_who5_report_shows_the_percentage(db: None) -> None:
    text = rendered_text(make_submission("who5", WHO5_POOR), "en")
    assert "10 / 25" in text
    assert "40%" in text


@pytest.mark.parametrize(
    ("code", "answers"), [("k10", K10_HIGH), ("pss10", PSS10_MODERATE)], ids=["k10", "pss10"]
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_instruments_with_subscales_get_a_subscale_chart(
    db: None, code: str, answers: list[int], language: str
) -> None:
    submission = make_submission(code, answers)
    text = " ".join(rendered_text(submission, language).split())
    definition = parsed(code)
    assert definition.subscales
    for subscale in definition.subscales:
        assert subscale.name.get(language) in text
        assert f"{submission.subscales[subscale.code]} / " in text


def test_instruments_without_subscales_have_no_subscale_chart(submission: Submission) -> None:
    assert "Subscales" not in rendered_text(submission, "en")


def test_subscale_bars_measure_each_subscale_against_its_own_range() -> None:
    definition = parsed("k10")
    bars = report_pdf.subscale_bars(definition, {"depression": "6", "anxiety": "20"}, "en")
    assert [(bar.label, bar.value, bar.maximum, bar.percent) for bar in bars] == [
        ("Depression", "6", "30", 0.0),
        ("Anxiety", "20", "20", 100.0),
    ]


def test_a_risk_result_puts_the_crisis_contacts_first(db: None) -> None:
    text = " ".join(rendered_text(make_submission("phq9", PHQ9_ITEM9), "en").split())
    crisis = text.index("Please reach out for support now")
    assert crisis < text.index(f"{settings.HOTLINE_NUMBER} The") < text.index("Your result")
    reason = parsed("phq9").risk_rules[0].reason.en
    assert reason[:30] in text


def test_a_result_without_risk_lists_the_contacts_after_the_result(
    submission: Submission,
) -> None:
    text = " ".join(rendered_text(submission, "en").split())
    assert "Please reach out for support now" not in text
    assert text.index("Your result") < text.index("Where to find support")


def test_asking_twice_makes_one_report(
    submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = reports.report_request(submission=submission, language="zh-hans")
        second = reports.report_request(submission=submission, language="zh-hans")
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert reports.report_render(first.pk) is False  # already done: nothing to do


def test_rendering_twice_makes_one_pdf(submission: Submission, monkeypatch: Any) -> None:
    report = Report.objects.create(submission=submission, language="zh-hans")
    calls: list[str] = []
    original = pdf.render_pdf

    def counting(template_name: str, context: dict[str, Any]) -> bytes:
        calls.append(template_name)
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    assert reports.report_render(report.pk) is True
    first = Report.objects.get(pk=report.pk).pdf
    assert reports.report_render(report.pk) is False
    assert len(calls) == 1
    report.refresh_from_db()
    assert report.pdf is not None and first is not None
    assert bytes(report.pdf) == bytes(first) and report.attempts == 1


def test_a_report_left_running_by_a_dead_worker_is_taken_over(submission: Submission) -> None:
    report = Report.objects.create(
        submission=submission, language="zh-hans", status=ReportStatus.RUNNING, attempts=1
    )
    assert reports.report_render(report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 2


def test_unknown_failed_or_expired_reports_are_not_rendered(submission: Submission) -> None:
    assert reports.report_render(999_999) is False
    failed = Report.objects.create(submission=submission, language="en", status=ReportStatus.FAILED)
    assert reports.report_render(failed.pk) is False
    other = make_submission("gad7", [0] * 7)
    expired = Report.objects.create(submission=other, language="en")
    Submission.objects.filter(pk=other.pk).update(expires_on=clock.today())
    assert reports.report_render(expired.pk) is False
    assert Report.objects.get(pk=expired.pk).status == ReportStatus.PENDING


def test_an_expired_submission_gets_no_report(submission: Submission) -> None:
    Submission.objects.filter(pk=submission.pk).update(expires_on=clock.today())
    submission.refresh_from_db()
    with pytest.raises(NotFound):
        reports.report_request(submission=submission, language="en")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_make_one_pdf_and_no_error(monkeypatch: Any) -> None:
    submission = make_submission()
    report = Report.objects.create(submission=submission, language="zh-hans")
    original = pdf.render_pdf
    calls: list[str] = []
    rendering = threading.Event()

    def slow(template_name: str, context: dict[str, Any]) -> bytes:
        calls.append(template_name)
        rendering.set()
        time.sleep(0.5)  # keeps the first delivery rendering while the second arrives
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", slow)
    results: dict[str, object] = {}

    def deliver(name: str) -> None:
        try:
            results[name] = reports.report_render(report.pk)
        except Exception as exc:  # recorded: the assertion below must see it
            results[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert rendering.wait(timeout=30)
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)
    assert results == {"first": True, "second": False}
    assert len(calls) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 1


# --- failures, retries, broker outages ---------------------------------------------------------


def test_a_render_that_keeps_failing_ends_failed_and_logs_no_content(
    submission: Submission,
    monkeypatch: Any,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(pdf, "render_pdf", failing_render)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_request(submission=submission, language="zh-hans")
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == tasks.RENDER_MAX_RETRIES + 1
    assert report.error_code == "RuntimeError"
    assert report.pdf is None
    assert "failed after 5 attempts: RuntimeError" in caplog.text
    assert SECRET not in caplog.text
    assert str(submission.answers) not in caplog.text


def test_with_a_broker_failures_are_retried_with_backoff_then_marked_failed(
    submission: Submission, monkeypatch: Any
) -> None:
    monkeypatch.setattr(pdf, "render_pdf", failing_render)
    countdowns: list[int] = []

    def retry(*, exc: Exception, countdown: int) -> Retry:
        assert str(exc) == "RuntimeError"  # the class name only, never the message
        countdowns.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.render_report, "retry", retry)
    report = Report.objects.create(submission=submission, language="en")
    task = tasks.render_report
    for retries in range(task.max_retries + 1):
        task.push_request(retries=retries, is_eager=False, called_directly=False)
        try:
            if retries < task.max_retries:
                with pytest.raises(Retry):
                    task.run(report.pk)
                assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING
            else:
                assert task.run(report.pk) is False
        finally:
            task.pop_request()
    assert countdowns == [5, 10, 20, 40]
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.error_code == "RuntimeError"
    assert tasks.render_backoff(10) == tasks.RENDER_BACKOFF_MAX_SECONDS


def test_a_broker_outage_at_request_time_is_swallowed_and_swept_later(
    submission: Submission,
    monkeypatch: Any,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_request(submission=submission, language="zh-hans")
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and report.sent_at is None
    assert "task not sent (OperationalError)" in caplog.text
    assert "Connection refused" not in caplog.text
    monkeypatch.undo()
    later = timezone.now() + timedelta(minutes=settings.REPORT_SWEEP_AFTER_MINUTES + 1)
    assert reports.sweep_pending(now=later) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_with_redis_down_sending_fails_fast_with_the_error_report_request_swallows() -> None:
    # A real client against a closed port: kombu's OperationalError within the
    # publish retry policy, not 20 s of result-store retries ending in RuntimeError
    # (the render task ignores results, so sending never touches the result store).
    script = (
        "import time, django; django.setup()\n"
        "from assessments.tasks import render_report\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    render_report.delay(1)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__module__ + '.' + type(exc).__name__)\n"
        "print(round(time.monotonic() - started, 1))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    error, seconds = done.stdout.split()[-2:]
    assert error == "kombu.exceptions.OperationalError"
    assert float(seconds) < 10


def test_try_again_sends_a_failed_report_again(
    submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    report = Report.objects.create(
        submission=submission, language="en", status=ReportStatus.FAILED, error_code="OSError"
    )
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_retry(report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error_code == ""
    with pytest.raises(Conflict):
        reports.report_retry(report=report)


# --- the sweeper and the retention job ----------------------------------------------------------


def _age(report: Report, *, minutes: int, sent: bool = True) -> None:
    then = timezone.now() - timedelta(minutes=minutes)
    Report.objects.filter(pk=report.pk).update(requested_at=then, sent_at=then if sent else None)


def test_the_sweeper_sends_reports_left_pending_or_running(submission: Submission) -> None:
    stale_minutes = settings.REPORT_SWEEP_AFTER_MINUTES + 25
    pending = Report.objects.create(submission=submission, language="en")
    _age(pending, minutes=stale_minutes, sent=False)
    running = Report.objects.create(
        submission=make_submission("gad7", [1] * 7), language="en", status=ReportStatus.RUNNING
    )
    _age(running, minutes=stale_minutes)
    fresh = Report.objects.create(submission=submission, language="zh-hans")
    _age(fresh, minutes=1)
    assert reports.sweep_pending() == 2
    for report in (pending, running):
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE
    fresh.refresh_from_db()
    assert fresh.status == ReportStatus.PENDING


def test_the_sweeper_leaves_recently_sent_done_failed_and_expired_reports(db: None) -> None:
    old = settings.REPORT_SWEEP_AFTER_MINUTES + 25
    recently_sent = Report.objects.create(submission=make_submission(), language="en")
    Report.objects.filter(pk=recently_sent.pk).update(
        requested_at=timezone.now() - timedelta(minutes=old), sent_at=timezone.now()
    )
    for status in (ReportStatus.DONE, ReportStatus.FAILED):
        _age(
            Report.objects.create(submission=make_submission(), language="en", status=status),
            minutes=old,
        )
    expired = make_submission()
    _age(Report.objects.create(submission=expired, language="en"), minutes=old)
    Submission.objects.filter(pk=expired.pk).update(expires_on=clock.today())
    assert reports.sweep_pending() == 0


def test_the_sweeper_stops_at_the_first_send_the_broker_refuses(db: None, monkeypatch: Any) -> None:
    for _ in range(3):
        _age(Report.objects.create(submission=make_submission(), language="en"), minutes=60)
    attempts: list[int] = []

    def broker_down(report_id: int) -> None:
        attempts.append(report_id)
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(tasks.render_report, "delay", broker_down)
    assert reports.sweep_pending() == 0
    assert len(attempts) == 1
    assert Report.objects.filter(status=ReportStatus.PENDING).count() == 3


def test_the_sweeper_task_runs_the_sweeper(submission: Submission) -> None:
    _age(Report.objects.create(submission=submission, language="en"), minutes=60, sent=False)
    assert tasks.sweep_pending_reports.delay().get(timeout=10) == 1


def test_the_retention_job_deletes_reports_and_empties_answers_of_expired_submissions(
    db: None,
) -> None:
    expired, kept = make_submission(), make_submission("gad7", [1] * 7)
    for sub in (expired, kept):
        Report.objects.create(submission=sub, language="en", status=ReportStatus.DONE, pdf=b"%PDF")
    Submission.objects.filter(pk=expired.pk).update(expires_on=clock.today() - timedelta(days=1))

    assert tasks.purge_expired.delay().get(timeout=10) == {
        "reports_deleted": 1,
        "answers_emptied": 1,
        "callbacks_wiped": 0,
    }
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert expired.answers is None
    assert expired.band_code == "moderate" and expired.total == 10  # aggregates keep counting it
    assert not Report.objects.filter(submission=expired).exists()
    assert kept.answers == [1] * 7
    assert Report.objects.filter(submission=kept).count() == 1
    assert reports.purge_expired() == reports.PurgeResult(reports_deleted=0, answers_emptied=0)


def test_beat_runs_the_sweeper_every_minute_and_the_retention_job_daily() -> None:
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["assessments.sweep_pending_reports"] == 60.0
    purge = schedule["assessments.purge_expired"]
    assert purge.hour == {3} and len(purge.minute) == 1  # type: ignore[attr-defined]


# --- views ---------------------------------------------------------------------------------------


def test_requesting_a_report_with_htmx_returns_the_status_partial(
    client: Client, submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    grant(client, submission)
    url = reverse("assessments:report_request", args=[submission.public_id])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    report = Report.objects.get()
    assert report.language == "en"
    assert 'aria-live="polite"' in body
    assert 'hx-trigger="every 2s"' in body
    assert reverse("assessments:report_status", args=[report.public_id]) in body
    assert "no-store" in response["Cache-Control"]


def test_without_javascript_the_request_redirects_to_a_status_page_with_a_refresh_link(
    client: Client, submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    grant(client, submission)
    url = reverse("assessments:report_request", args=[submission.public_id])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    report = Report.objects.get()
    status_url = reverse("assessments:report_status", args=[report.public_id])
    assert response.status_code == 302 and response["Location"] == status_url
    page = client.get(status_url, HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<html" in body and "Your report is being made" in body
    assert f'<a href="{status_url}"' in body and "Refresh" in body


def test_the_status_partial_offers_the_download_when_done(
    client: Client, submission: Submission, django_assert_max_num_queries: Any
) -> None:
    report = Report.objects.create(submission=submission, language="en")
    reports.report_render(report.pk)
    grant(client, submission)
    with django_assert_max_num_queries(3) as queries:
        response = client.get(
            reverse("assessments:report_status", args=[report.public_id]),
            HTTP_HX_REQUEST="true",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    # The PDF is not read to show its status (a poll every 2 s while it is made).
    assert not [q for q in queries.captured_queries if '"pdf"' in q["sql"].lower()]
    body = response.content.decode()
    assert "every 2s" not in body  # polling stops
    assert reverse("assessments:report_download", args=[report.public_id]) in body
    assert "<html" not in body
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_a_failed_report_shows_try_again_and_the_button_makes_it(
    client: Client, submission: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    report = Report.objects.create(submission=submission, language="en", status=ReportStatus.FAILED)
    grant(client, submission)
    status_url = reverse("assessments:report_status", args=[report.public_id])
    body = client.get(
        status_url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    retry_url = reverse("assessments:report_retry", args=[report.public_id])
    assert "The report could not be made." in body and "Try again" in body
    assert f'action="{retry_url}"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == status_url
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    # Pressing it again on a stale page shows the report as it is now.
    again = client.post(retry_url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200 and b"Download my PDF report" in again.content


def test_the_pdf_downloads_only_with_access_and_is_never_cached(
    client: Client, submission: Submission
) -> None:
    report = Report.objects.create(submission=submission, language="zh-hans")
    reports.report_render(report.pk)
    url = reverse("assessments:report_download", args=[report.public_id])
    assert client.get(url).status_code == 404  # no retrieval code in this session
    grant(client, submission)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = extract_text(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert band_label("phq9", "moderate", "zh-hans") in text


def test_someone_else_s_session_gets_404_everywhere(client: Client, submission: Submission) -> None:
    report = Report.objects.create(submission=submission, language="zh-hans")
    reports.report_render(report.pk)
    grant(client, make_submission("gad7", [0] * 7))  # holds another code
    for name in ("report_status", "report_download"):
        assert (
            client.get(reverse(f"assessments:{name}", args=[report.public_id])).status_code == 404
        )
    assert (
        client.post(reverse("assessments:report_retry", args=[report.public_id])).status_code == 404
    )
    request_url = reverse("assessments:report_request", args=[submission.public_id])
    assert client.post(request_url).status_code == 404


def test_a_pending_report_does_not_download(client: Client, submission: Submission) -> None:
    report = Report.objects.create(submission=submission, language="zh-hans")
    grant(client, submission)
    url = reverse("assessments:report_download", args=[report.public_id])
    assert client.get(url).status_code == 404


def test_after_retention_the_report_views_answer_404(
    client: Client, submission: Submission
) -> None:
    report = Report.objects.create(submission=submission, language="zh-hans")
    reports.report_render(report.pk)
    Submission.objects.filter(pk=submission.pk).update(expires_on=clock.today())
    grant(client, submission)
    assert (
        client.get(reverse("assessments:report_download", args=[report.public_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("assessments:report_status", args=[report.public_id])).status_code == 404
    )
    request_url = reverse("assessments:report_request", args=[submission.public_id])
    assert client.post(request_url).status_code == 404
