"""A backbone trainee at 360 px: passes the exam, gets and downloads the certificate, and the
QR code's page says valid."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_text
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from courses.services import Category
from learning.models import Certificate, Difficulty, Programme
from network.models import OrgUnit
from tests.browser import log_in
from tests.learning.conftest import Training, sign_in
from tests.learning.factories import exam, question


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_trainee_passes_the_exam_and_the_certificates_qr_page_says_valid(
    live_server: LiveServer, phone_page: Page, training: Training, tree: dict[str, OrgUnit]
) -> None:
    # An exam open now (the live server's clock): two questions, the first option right.
    for _ in range(2):
        question(category=Category.TEAM, difficulty=Difficulty.MEDIUM, correct=(0,))
    now = timezone.now()
    final = exam(
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        lines=[(Category.TEAM, Difficulty.MEDIUM, 2)],
        title="骨干结业考试",
        pass_mark_percent=100,
    )
    Programme.objects.filter(pk=training.programme.pk).update(exam=final)
    for lecture in training.lectures[:2]:
        sign_in(lecture, "陈静", "甲一企业服务室")

    page = phone_page
    log_in(page, live_server.url, training.trainee)
    page.goto(f"{live_server.url}/learning/training/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("[data-exam] a").click()
    page.locator("[data-start-exam]").click()
    for fieldset in page.locator("fieldset.question").all():
        fieldset.get_by_label("选项1").check()
    page.locator("[data-submit-exam]").click()
    page.locator("[data-passed]").wait_for()

    page.goto(f"{live_server.url}/learning/training/")
    page.locator("[data-get-certificate]").click()
    page.locator("[data-download]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as info:
        page.locator("[data-download]").click()
    path = info.value.path()
    text = " ".join(extract_text(io.BytesIO(path.read_bytes())).split())
    cert = Certificate.objects.get(enrolment=training.enrolment)
    assert "陈静" in text and cert.number in text
    found = re.search(r"https?://\S+/verify/[\w-]+/", text.replace(" /", "/"))
    assert found is not None and found.group(0).endswith(f"/verify/{cert.code}/")

    page.context.clear_cookies()  # the QR page needs no login
    page.goto(found.group(0))
    verdict = page.locator("[data-status]")
    assert verdict.get_attribute("data-status") == "valid"
    assert "✓" in verdict.inner_text()
    assert page.locator("[data-holder]").inner_text() == "陈*"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
