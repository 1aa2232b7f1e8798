"""The report status in a real browser: htmx polls while the report is made, then offers it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from assessments import access, services
from assessments.models import Report
from assessments.services import reports


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_status_polls_until_the_report_is_ready_then_downloads(
    live_server: LiveServer, phone_page: Page
) -> None:
    services.instrument_load_files()
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=[2, 2, 2, 1, 1, 1, 1, 0, 0], language="zh-hans"
    )
    # Asked for, not made yet (as when the broker is slow).
    report = Report.objects.create(submission=submission, language="zh-hans")
    held = access.encode(access.ResultPass(ids=[str(submission.public_id)]))
    page = phone_page
    base = live_server.url  # type: ignore[attr-defined]
    page.context.add_cookies(  # type: ignore[attr-defined]
        [{"name": access.COOKIE_NAME, "value": held, "url": base}]
    )

    page.goto(base + reverse("assessments:report_status", args=[report.public_id]))  # type: ignore[attr-defined]
    region = page.locator(f"#report-status-{submission.public_id}")  # type: ignore[attr-defined]
    assert region.get_attribute("aria-live") == "polite"
    assert region.locator("[hx-trigger='every 2s']").count() == 1
    download = region.locator("a[download]")
    assert download.count() == 0

    reports.report_render(report.pk)  # the worker finishes
    download.wait_for(timeout=10_000)  # the next poll swaps the body in place
    assert page.locator(f"#report-status-{submission.public_id}").count() == 1  # type: ignore[attr-defined]
    assert region.locator("[hx-trigger]").count() == 0  # polling stopped
    with page.expect_download() as info:  # type: ignore[attr-defined]
        download.click()
    assert info.value.suggested_filename.endswith(".pdf")
