"""The progress page: actual, target, % and expected % per indicator, coloured by status,
small people-counts hidden, only for units in the viewer's reach."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from kpis.services import plan_set
from network.models import OrgUnit
from tests.kpis import builders
from tests.kpis.builders import YEAR, Staff
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def url(unit: OrgUnit) -> str:
    return reverse("staff:kpis:progress", args=[unit.public_id]) + f"?year={YEAR}"


def row(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[start : html.index("</tr>", start)]


def test_a_district_cadre_sees_a_behind_schedule_indicator_flagged(
    login: Login, who: Staff, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    district = tree["district_a"]
    targets = [
        (tree["centre"], "lectures_held", 150),
        (district, "lectures_held", 100),
        (tree["centre"], "lecture_attendances", 20000),
        (district, "lecture_attendances", 20),
    ]
    for unit, code, target in targets:
        plan_set(actor=who.admin, unit=unit, year=YEAR, code=code, target=Decimal(target))
    builders.held_lecture(who, tree["room_a1r"], signed=3, attendance=30)
    html = login(cadre_a).get(url(district)).content.decode()
    lectures = row(html, "lectures_held")
    assert 'data-status="behind"' in lectures and "behind schedule" in lectures
    assert "<td>1.0</td>" in lectures  # 1 of 100
    attendances = row(html, "lecture_attendances")
    assert 'data-status="met"' in attendances and "data-records>30</a>" in attendances
    assert url(tree["station_a1"]) in html  # drill down to the units below


def test_small_counts_are_hidden_and_outsiders_get_404(
    login: Login, who: Staff, tree: dict[str, OrgUnit], cadre_a: User, cadre_b: User
) -> None:
    builders.held_lecture(who, tree["room_a1r"], signed=3)
    html = login(cadre_a).get(url(tree["district_a"])).content.decode()
    assert "&lt;10</abbr>" in row(html, "lecture_attendances")
    assert login(cadre_b).get(url(tree["district_a"])).status_code == 404
