"""The petition desk's visits across lines (`staff:hotline:petition_visits`): the desks the
viewer may open, filtered on a unit's subtree and a year; the totals equal a hand count
and the KPI figures; no narrative; a fixed number of queries."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from hotline.models import Line, PetitionHearing, PetitionVisit
from hotline.selectors.petition_list import VisitTotals, petition_visit_list
from kpis.selectors import figure_for, unit_figures
from network.models import OrgUnit, Role
from tests.hotline.kpi_helpers import SUMMARY, visit
from tests.network import factories
from tests.network.personas import Login

# 10 June 2026, 08:45 Shanghai; hand counts are small, so the KPI figures hide none of them.
pytestmark = pytest.mark.usefixtures("wednesday_morning", "nothing_hidden")
VISITS = reverse("staff:hotline:petition_visits")
KPI_CODES = ("petition_visits", "petition_cases_heard", "petition_people_counselled")


@pytest.fixture
def recorded(
    wednesday_morning: None,
    a_lines: tuple[Line, Line],
    line: Line,
    other_line: Line,
    operator: User,
) -> dict[str, PetitionVisit]:
    """District A's subtree in 2026: 4 visits, 5 cases heard, 9 people counselled; in
    2025 one visit (31 December); the centre's and district B's lines a visit each."""
    district, station = a_lines
    return {
        "district": visit(district, operator, date(2026, 6, 9), people=3, heard=2),
        "new_year": visit(district, operator, date(2026, 1, 1), people=1, heard=1),
        "station": visit(station, operator, date(2026, 5, 20), people=5, heard=2),
        "empty": visit(station, operator, date(2026, 3, 2), people=0),
        "old_year": visit(district, operator, date(2025, 12, 31), people=7, heard=3),
        "centre": visit(line, operator, date(2026, 6, 1), people=2, heard=1),
        "district_b": visit(other_line, operator, date(2026, 6, 2), people=4, heard=1),
    }


def kpi_actuals(unit: OrgUnit, year: int) -> VisitTotals:
    figures = unit_figures(unit, year)
    values = [figure_for(figures, code).actual for code in KPI_CODES]
    return VisitTotals(*(int(v or 0) for v in values))


def rows(html: str) -> int:
    return html.count("<tr data-visit=")


def test_a_units_totals_equal_the_hand_count_and_its_kpi_figures(
    recorded: dict[str, PetitionVisit], operator: User, tree: dict[str, OrgUnit]
) -> None:
    district = tree["district_a"]
    found = petition_visit_list(viewer=operator, year=2026, within=district.public_id)
    assert found.unit == district
    assert found.totals == VisitTotals(visits=4, cases_heard=5, people_counselled=9)
    assert found.totals == kpi_actuals(district, 2026)
    assert {v.pk for v in found.visits} == {
        recorded[k].pk for k in ("district", "new_year", "station", "empty")
    }
    last_year = petition_visit_list(viewer=operator, year=2025, within=district.public_id)
    assert last_year.totals == VisitTotals(visits=1, cases_heard=3, people_counselled=7)
    assert last_year.totals == kpi_actuals(district, 2025)
    everything = petition_visit_list(viewer=operator, year=2026)
    assert everything.totals == VisitTotals(visits=6, cases_heard=7, people_counselled=15)
    assert everything.totals == kpi_actuals(tree["centre"], 2026)


def test_the_page_lists_the_visits_with_links_and_no_narrative(
    recorded: dict[str, PetitionVisit], operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    district = tree["district_a"]
    client = login(operator)
    response = client.get(VISITS, {"unit": str(district.public_id), "year": "2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit-filter="{district.public_id}"' in html
    assert "Only the lines of 甲区分中心 and the units below it." in html
    assert "<td data-visits>4</td>" in html and "<td data-heard>5</td>" in html
    assert "<td data-people>9</td>" in html
    assert rows(html) == 4 and "甲一驿站热线" in html and "甲一心灵驿站" in html
    assert str(recorded["centre"].public_id) not in html
    assert str(recorded["district_b"].public_id) not in html
    assert str(recorded["old_year"].public_id) not in html
    first = recorded["district"]
    link = reverse(
        "staff:hotline:petition_visit",
        kwargs={"line": first.line.public_id, "visit": first.public_id},
    )
    assert f'href="{link}"' in html
    assert html.index(str(first.public_id)) < html.index(str(recorded["empty"].public_id))
    for secret in (SUMMARY, operator.email, "wages"):
        assert secret not in html
    assert client.get(link).status_code == 200  # the link opens the visit's page


def test_the_year_defaults_to_this_one_and_keeps_its_boundaries(
    recorded: dict[str, PetitionVisit], operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    this_year = client.get(VISITS, {"unit": str(tree["district_a"].public_id)}).content.decode()
    assert "Petition desk visits 2026" in this_year and rows(this_year) == 4
    assert str(recorded["new_year"].public_id) in this_year
    assert str(recorded["old_year"].public_id) not in this_year
    last_year = client.get(
        VISITS, {"unit": str(tree["district_a"].public_id), "year": "2025"}
    ).content.decode()
    assert rows(last_year) == 1 and str(recorded["old_year"].public_id) in last_year
    assert "<td data-visits>1</td>" in last_year and "<td data-people>7</td>" in last_year


def test_an_operator_sees_only_the_desks_of_their_reach(
    recorded: dict[str, PetitionVisit], operator_b: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    mine = petition_visit_list(viewer=operator_b, year=2026)
    assert [v.pk for v in mine.visits] == [recorded["district_b"].pk]
    assert mine.totals == VisitTotals(visits=1, cases_heard=1, people_counselled=4)
    outside = petition_visit_list(viewer=operator_b, year=2026, within=tree["district_a"].public_id)
    assert list(outside.visits) == [] and outside.totals == VisitTotals(0, 0, 0)
    html = login(operator_b).get(VISITS).content.decode()
    assert rows(html) == 1 and str(tree["district_a"].public_id) not in html


@pytest.mark.parametrize("who", ["analyst", "centre_admin", "counsellor_a", "cadre_a"])
def test_staff_without_a_desk_anywhere_get_not_found(
    who: str, login: Login, request: pytest.FixtureRequest, recorded: dict[str, PetitionVisit]
) -> None:
    assert login(request.getfixturevalue(who)).get(VISITS).status_code == 404


def test_a_worker_is_sent_to_sign_in(login: Login, tree: dict[str, OrgUnit]) -> None:
    worker = User.objects.create(username="worker-visits")
    response = login(worker).get(VISITS)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "not-a-uuid"},
        {"unit": str(uuid.uuid4())},  # no such unit
        {"unit": ""},
        {"year": "abc"},
        {"year": "1999"},
        {"year": "２０２６"},
        {"page": "x"},
        {"page": "99"},
        {"unit": "' OR 1=1 --", "year": "-1"},
    ],
)
def test_bad_parameters_are_no_filter(
    recorded: dict[str, PetitionVisit], operator: User, login: Login, params: dict[str, str]
) -> None:
    response = login(operator).get(VISITS, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-unit-filter" not in html and "Petition desk visits 2026" in html
    assert "<td data-visits>6</td>" in html


def test_the_page_renders_in_chinese(
    recorded: dict[str, PetitionVisit], operator: User, login: Login, tree: dict[str, OrgUnit]
) -> None:
    client = login(operator)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(
        VISITS, {"unit": str(tree["district_a"].public_id)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "2026年信访驻点记录" in html and "仅统计甲区分中心及其下级单位的热线。" in html
    assert "驻点次数" in html and "倾听案件" in html
    assert "Petition desk visits" not in html


def test_the_staff_home_links_the_list_for_operators(operator: User, login: Login) -> None:
    html = login(operator).get(reverse("staff:home")).content.decode()
    assert VISITS in html


def many_visits(line: Line, counsellor: User, n: int) -> None:
    for i in range(n):
        logged = PetitionVisit.objects.create(
            line=line,
            counsellor=counsellor,
            day=date(2026, 1 + i % 5, 1 + i % 28),
            starts=time(9),
            ends=time(12),
            people_counselled=i % 3,
        )
        PetitionHearing.objects.create(visit=logged, category="wages", summary=SUMMARY)


def queries(client: Any, params: dict[str, str]) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(VISITS, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(
    a_lines: tuple[Line, Line],
    operator: User,
    login: Login,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
) -> None:
    district, station = a_lines
    supervisor_a = factories.staff("sup.a@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])
    params = {"unit": str(tree["district_a"].public_id), "year": "2026"}
    client = login(operator)
    many_visits(district, operator, 3)
    client.get(VISITS, params)  # the session and the memberships: once per client
    small, html = queries(client, params)
    assert rows(html) == 3
    many_visits(station, supervisor_a, 30)
    many_visits(district, operator, 30)
    large, html = queries(client, params)
    assert rows(html) == 50 and 'rel="next"' in html  # 63 visits: a second page
    assert large == small
    with django_assert_max_num_queries(12):
        _n, second = queries(client, {**params, "page": "2"})
    assert rows(second) == 13
