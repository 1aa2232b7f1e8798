"""A worker on a phone takes PHQ-9 in zh-Hans, sees the band, gets the PDF report."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_text
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from assessments import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phq9_on_a_phone_to_the_downloaded_report(
    live_server: LiveServer, phone_page: Page
) -> None:
    services.instrument_load_files()
    page = phone_page
    page.goto(f"{live_server.url}/assessments/take/phq9/")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "zh-Hans"  # type: ignore[attr-defined]
    page.locator("form button[type=submit]").last.click()  # type: ignore[attr-defined]

    answered = 0
    while answered < 9:
        for fieldset in page.locator("fieldset.question").all():  # type: ignore[attr-defined]
            answered += 1
            # Five answers of "more than half the days" (2) make 10: moderate.
            fieldset.locator("input[type=radio]").nth(2 if answered <= 5 else 0).check()
        page.locator("button[name=next]").click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]

    page.locator("button[name=skip]").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    body = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "中度抑郁症状" in body
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360

    page.get_by_role("button", name="获取我的 PDF 报告").click()  # type: ignore[attr-defined]
    download_link = page.get_by_role("link", name="下载我的 PDF 报告")  # type: ignore[attr-defined]
    download_link.wait_for(timeout=20_000)
    with page.expect_download() as info:  # type: ignore[attr-defined]
        download_link.click()
    pdf = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF")
    assert "中度抑郁症状" in extract_text(io.BytesIO(pdf))
