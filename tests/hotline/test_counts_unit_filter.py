"""The analysts' counts page filtered on a unit's subtree (`?unit=`, as the KPI dashboard
links it): only the lines below that unit, within the viewer's reach, and its headline
figures equal a hand count and the KPI figures of the unit and year."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from hotline.models import Line
from hotline.selectors.counts import HotlineCounts, KpiCounts, hotline_counts
from hotline.services.calls import call_start
from kpis.selectors import figure_for, unit_figures
from network.models import OrgUnit
from tests.hotline.conftest import at
from tests.hotline.kpi_helpers import SUMMARY, closed_case, crisis, log_call
from tests.network.personas import Login

# 10 June 2026, 08:45 Shanghai; hand counts are small, so the KPI figures hide none of them.
pytestmark = pytest.mark.usefixtures("wednesday_morning", "nothing_hidden")
COUNTS = reverse("staff:hotline:counts")
KPI_CODES = ("hotline_calls", "hotline_cases_closed", "crises_acknowledged_in_time")


@pytest.fixture
def recorded(
    wednesday_morning: None,
    a_lines: tuple[Line, Line],
    line: Line,
    other_line: Line,
    operator: User,
    supervisor: User,
) -> None:
    """District A's subtree: 11 calls, 2 cases closed and 1 crisis acknowledged in time in
    2026, 2 calls and 1 case closed in 2025; the centre's and district B's lines more."""
    district, station = a_lines
    for gig in (True, False, False):
        log_call(district, operator, gig=gig)
    log_call(station, operator)
    log_call(station, operator)
    log_call(district, operator, at=at(2026, 1, 1, 0, 30))  # 2025 in UTC, 2026 here
    log_call(district, operator, at=at(2025, 12, 31, 23, 30))
    closed_case(station, operator)  # + its call
    closed_case(district, operator, closed_at=at(2026, 1, 1, 0, 30))  # call and case: 2026
    closed_case(district, operator, closed_at=at(2025, 12, 31, 23, 30))  # both in 2025
    crisis(district, operator, supervisor, after=2)  # in time (5 minutes)
    crisis(station, operator, supervisor, after=90)  # late
    crisis(district, operator, supervisor, after=None)  # never acknowledged
    call_start(actor=operator, line=district)  # a draft is not a call
    # Outside district A: the centre's own line and district B's.
    for _i in range(4):
        log_call(line, operator)
    closed_case(line, operator)
    crisis(line, operator, supervisor, after=1)
    log_call(other_line, operator)
    log_call(other_line, operator)


def kpi_actuals(unit: OrgUnit, year: int) -> KpiCounts:
    figures = unit_figures(unit, year)
    values = [figure_for(figures, code).actual for code in KPI_CODES]
    return KpiCounts(*(None if v is None else int(v) for v in values))


def table_total(counts: HotlineCounts, key: str) -> int | None:
    return next(t for t in counts.tables if t.key == key).total


@pytest.mark.usefixtures("recorded")
def test_a_units_counts_equal_the_hand_count_and_its_kpi_figures(
    analyst: User, tree: dict[str, OrgUnit]
) -> None:
    district = tree["district_a"]
    counts = hotline_counts(viewer=analyst, year=2026, within=district.public_id)
    assert counts.unit == district
    assert counts.kpi == KpiCounts(calls=11, cases_closed=2, crises_in_time=1)
    assert counts.kpi == kpi_actuals(district, 2026)
    assert table_total(counts, "channel") == 11 and table_total(counts, "cases_closed") == 2
    assert counts.crises.total == 3

    last_year = hotline_counts(viewer=analyst, year=2025, within=district.public_id)
    assert last_year.kpi == KpiCounts(calls=2, cases_closed=1, crises_in_time=0)
    assert last_year.kpi == kpi_actuals(district, 2025)

    station = hotline_counts(viewer=analyst, year=2026, within=tree["station_a1"].public_id)
    assert station.kpi == KpiCounts(calls=4, cases_closed=1, crises_in_time=0)
    assert station.kpi == kpi_actuals(tree["station_a1"], 2026)

    everything = hotline_counts(viewer=analyst, year=2026)
    assert everything.unit is None
    assert everything.kpi == KpiCounts(calls=19, cases_closed=3, crises_in_time=2)
    assert everything.kpi == kpi_actuals(tree["centre"], 2026)


@pytest.mark.usefixtures("recorded")
def test_the_page_shows_the_filtered_units_figures_and_its_name(
    analyst: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    district = tree["district_a"]
    page = login(analyst).get(COUNTS, {"unit": str(district.public_id), "year": "2026"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-unit-filter="{district.public_id}"' in html
    assert "Only the lines of 甲区分中心 and the units below it." in html
    assert "<span data-kpi-calls>11</span>" in html
    assert "<span data-kpi-cases-closed>2</span>" in html
    assert "<span data-kpi-crises-in-time>1</span>" in html
    assert f'<option value="{district.public_id}" selected>' in html
    assert f'<option value="{tree["district_b"].public_id}">' in html  # in the select
    assert SUMMARY not in html
    unfiltered = login(analyst).get(COUNTS, {"year": "2026"}).content.decode()
    assert "data-unit-filter" not in unfiltered and "<span data-kpi-calls>19</span>" in unfiltered


@pytest.mark.usefixtures("recorded")
def test_the_subtree_filter_leaves_out_a_line_outside_it(
    analyst: User, tree: dict[str, OrgUnit]
) -> None:
    district_b = hotline_counts(viewer=analyst, year=2026, within=tree["district_b"].public_id)
    assert district_b.kpi == KpiCounts(calls=2, cases_closed=0, crises_in_time=0)
    # A unit with no line below it counts nothing: the centre's own line is not "below" it.
    room = hotline_counts(viewer=analyst, year=2026, within=tree["room_ar"].public_id)
    assert room.kpi == KpiCounts(calls=0, cases_closed=0, crises_in_time=0)


@pytest.mark.usefixtures("recorded")
def test_the_filter_stays_inside_what_the_viewer_counts(
    operator_b: User, cadre_b: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    nothing = KpiCounts(calls=0, cases_closed=0, crises_in_time=0)
    for outsider in (operator_b, cadre_b):
        theirs = hotline_counts(viewer=outsider, year=2026, within=tree["district_a"].public_id)
        assert theirs.kpi == nothing and theirs.crises.total == 0
        mine = hotline_counts(viewer=outsider, year=2026, within=tree["centre"].public_id)
        assert mine.kpi == KpiCounts(calls=2, cases_closed=0, crises_in_time=0)  # district B's
    html = login(operator_b).get(COUNTS, {"unit": str(tree["district_a"].public_id)}).content
    assert b"<span data-kpi-calls>0</span>" in html
    assert f'<option value="{tree["district_a"].public_id}" selected>'.encode() in html
    options = login(operator_b).get(COUNTS).content.decode()
    assert str(tree["district_a"].public_id) not in options  # not offered to an outsider


@pytest.mark.usefixtures("recorded")
@pytest.mark.parametrize(
    "params",
    [
        {"unit": "not-a-uuid"},
        {"unit": str(uuid.uuid4())},  # no such unit
        {"unit": ""},
        {"year": "abc"},
        {"year": "1999"},
        {"year": "2031"},  # after this year
        {"year": "２０２６"},
        {"unit": "' OR 1=1 --", "year": "-1"},
    ],
)
def test_bad_parameters_are_no_filter(analyst: User, login: Login, params: dict[str, str]) -> None:
    response = login(analyst).get(COUNTS, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-unit-filter" not in html
    assert "Hotline counts 2026" in html and "<span data-kpi-calls>19</span>" in html


def test_a_bad_unit_is_no_filter_in_the_selector(analyst: User, line: Line, operator: User) -> None:
    log_call(line, operator)
    counts = hotline_counts(viewer=analyst, within=uuid.uuid4())
    assert counts.unit is None and counts.year == 2026 and counts.kpi.calls == 1


@pytest.mark.usefixtures("recorded")
def test_the_filtered_page_renders_in_chinese(
    analyst: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(analyst)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(
        COUNTS, {"unit": str(tree["district_a"].public_id)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "仅统计甲区分中心及其下级单位的热线。" in html
    assert "按年度工作目标口径统计的本年数字" in html and "单位（含下级）" in html
    assert "Only the lines of" not in html


def queries(client: Any, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(COUNTS, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_filtered_page_reads_a_fixed_number_of_queries(
    a_lines: tuple[Line, Line],
    analyst: User,
    operator: User,
    supervisor: User,
    login: Login,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
) -> None:
    district, station = a_lines
    params = {"unit": str(tree["district_a"].public_id), "year": "2026"}
    client = login(analyst)
    log_call(district, operator)
    closed_case(station, operator)
    client.get(COUNTS, params)  # the session and the memberships: once per client
    small = queries(client, params)
    for _i in range(12):
        log_call(district, operator, gig=True)
        log_call(station, operator)
    for _i in range(4):
        closed_case(station, operator)
        crisis(district, operator, supervisor, after=1)
    assert queries(client, params) == small
    with django_assert_max_num_queries(18):
        assert client.get(COUNTS, params).status_code == 200
