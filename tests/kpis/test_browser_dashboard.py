"""The KPI dashboard in a real browser (issue 16, "Must show"): a district cadre opens
the district's dashboard, sees the trend chart drawn and a behind-schedule indicator
flagged, drills down to a heart station, downloads its xlsx (read with openpyxl) and has
its annual report PDF made."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from core.facts import Fact, Source
from kpis.models import Plan
from kpis.services.rebuild import rebuild
from network.models import OrgUnit
from tests.browser import log_in
from tests.kpis.builders import NOW, YEAR


@pytest.fixture
def desk_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "en"})
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_district_cadre_drills_down_to_a_behind_schedule_station(
    live_server: LiveServer, desk_page: Page, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    page = desk_page
    station = tree["station_a1"]
    with time_machine.travel(NOW, tick=True):
        rebuild(
            [
                Fact(
                    "lectures_held", tree["room_a1r"].pk, date(2026, 3, 3), 1, Source("t", "t", 1)
                ),
                Fact("lectures_held", tree["room_ar"].pk, date(2026, 4, 3), 1, Source("t", "t", 2)),
            ]
        )
        for unit, target in ((tree["district_a"], 100), (station, 10)):
            Plan.objects.create(
                unit=unit, year=YEAR, code="lectures_held", target=Decimal(target),
                updated_by=cadre_a,
            )  # fmt: skip
        log_in(page, live_server.url, cadre_a)
        url = reverse("staff:kpis:progress", args=[tree["district_a"].public_id])
        page.goto(f"{live_server.url}{url}?year={YEAR}")

        page.wait_for_selector("[data-trend] svg")
        row = page.locator("[data-progress] tr[data-code='lectures_held']")
        assert row.get_attribute("data-status") == "behind"
        assert "behind schedule" in row.inner_text()
        assert page.locator("[data-kpi-map] .leaflet-interactive").count() >= 1

        page.locator(f"[data-child='{station.public_id}'] th a").click()
        page.wait_for_selector("[data-trend] svg")
        assert station.name in page.locator("h1").inner_text()
        row = page.locator("[data-progress] tr[data-code='lectures_held']")
        assert row.get_attribute("data-status") == "behind"

        with page.expect_download() as info:
            page.locator("[data-export-xlsx]").click()
        path = info.value.path()

        # The annual report: asked for, made by the task, offered once the box has polled.
        page.locator("[data-report-request]").click()
        page.wait_for_selector("[data-report-download]", timeout=30_000)
        assert page.locator("[data-report]").get_attribute("data-report-status") == "done"
    book = load_workbook(io.BytesIO(path.read_bytes()))
    lines = list(book["Courses and learning"].iter_rows(values_only=True))
    mine = [line for line in lines if line[0] == station.name and line[1] == "Lectures held"]
    assert mine and mine[0][2] == 1 and mine[0][3] == 10 and mine[0][6] == "behind schedule"
