"""The breakdown by key group as a chart: the dashboard's ECharts data and the annual
report's inline SVG bars; a hidden (small) group is never a bar and never a zero."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from core.facts import Fact, Source
from kpis.selectors import dashboard
from kpis.selectors.exports import bars, report_context
from kpis.services.rebuild import rebuild
from network.models import OrgUnit
from tests.kpis.builders import YEAR
from tests.network.factories import superuser
from tests.network.personas import Login

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 10)


def keyed(unit: OrgUnit, code: str, value: int, pk: int, key: str = "") -> Fact:
    return Fact(code, unit.pk, date(2026, 3, 3), value, Source("tests", "thing", pk), key)


@pytest.fixture
def recorded(tree: dict[str, OrgUnit]) -> OrgUnit:
    """District A: 60 attendances, 25 of gig workers, 12 of women, 3 of hardship (small)."""
    district = tree["district_a"]
    rebuild(
        [
            keyed(district, "lecture_attendances", 60, 1),
            keyed(district, "lecture_attendances", 25, 2, "gig"),
            keyed(district, "lecture_attendances", 12, 3, "women"),
            keyed(district, "lecture_attendances", 3, 4, "hardship"),
        ]
    )
    return district


def test_the_chart_data_has_the_shown_groups_and_leaves_hidden_ones_out(
    recorded: OrgUnit,
) -> None:
    board = dashboard(superuser(), recorded, YEAR, day=DAY)
    series = {s["code"]: s for s in board.groups_chart["series"]}
    attendances = series["lecture_attendances"]
    shown = dict(zip(attendances["keys"], attendances["values"], strict=True))
    assert shown == {"gig": 25.0, "women": 12.0}
    assert "hardship" not in attendances["keys"] and 0 not in attendances["values"]
    assert len(attendances["hidden"]) == 1
    assert "lectures_held" not in series  # no breakdown by key group


def test_the_page_carries_the_chart_data_and_keeps_the_table(
    login: Login, cadre_a: User, recorded: OrgUnit
) -> None:
    url = reverse("staff:kpis:progress", args=[recorded.public_id]) + f"?year={YEAR}"
    html = login(cadre_a).get(url).content.decode()
    assert 'id="kpi-groups-data"' in html and "data-groups" in html
    assert 'data-breakdown-row="lecture_attendances|hardship"' in html
    assert "data-hidden-group" in html


def test_the_report_html_has_svg_bars_for_shown_groups_only(recorded: OrgUnit) -> None:
    context = report_context(recorded, YEAR)
    context["bars"] = bars(context["figures"])  # type: ignore[arg-type]
    html = render_to_string("pdf/kpi_annual_report.html", context)
    assert 'data-group-chart="lecture_attendances"' in html
    assert 'data-group-bar="gig"' in html and 'data-group-bar="women"' in html
    assert 'data-group-bar="hardship"' not in html
    assert "data-group-hidden" in html
    # The largest shown group fills the track (80 of the viewBox), the others in proportion.
    assert 'width="80.0" height="5" fill="#0f766e" data-group-bar="gig"' in html
    assert 'width="38.4" height="5" fill="#0f766e" data-group-bar="women"' in html
