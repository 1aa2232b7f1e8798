"""QR sign-in in a real browser at 360 px: offline, queued on the phone, sent once back online."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from courses import services
from courses.models import Lecture, SignIn
from tests.courses.factories import LectureFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_sign_in_made_offline_is_sent_once_when_the_connection_returns(
    live_server: LiveServer, phone_page: Page, lecture: Lecture
) -> None:
    # The fixture's lecture at a fixed hour; this one is on now (the live server's clock).
    now = timezone.now()
    live = LectureFactory(
        topic=lecture.topic,
        expert=lecture.expert,
        unit=lecture.unit,
        starts_at=now + timedelta(minutes=10),
        ends_at=now + timedelta(minutes=100),
    )
    page = phone_page
    page.goto(
        f"{live_server.url}/courses/lectures/{live.public_id}/sign-in/?c={services.poster_code(live)}"
    )
    assert page.get_by_role("heading", level=1).inner_text() == "职场压力识别与应对"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#id_identity").fill("王芳")
    page.locator("#id_unit_name").fill("青岛港集团")

    page.context.set_offline(True)
    page.locator("form[data-offline-queue] button[type=submit]").click()
    status = page.locator("[data-offline-status]")
    status.wait_for(state="visible")
    assert "网络恢复后会自动发送" in status.inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('xinling-lecture-queue')).length") == 1
    assert not SignIn.objects.filter(lecture=live).exists()

    page.context.set_offline(False)
    page.wait_for_url("**/signed-in/")
    assert "签到成功" in page.locator("[data-signed-in]").inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('xinling-lecture-queue')).length") == 0
    assert SignIn.objects.filter(lecture=live).count() == 1
