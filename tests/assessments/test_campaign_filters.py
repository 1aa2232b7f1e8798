"""The campaign list filtered as the KPI dashboard links it (issue 16): completed
campaigns of a unit's subtree whose last day falls in a year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from assessments.models import Campaign
from core import clock
from network.models import OrgUnit
from tests.assessments.factories import CampaignFactory
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

LIST = reverse("staff:assessments:campaign_list")
TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _june() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 10, 10, tzinfo=clock.network_tz()), tick=False):
        yield


def campaign(unit: OrgUnit, opens: date, closes: date, name: str, **kwargs: Any) -> Campaign:
    return CampaignFactory(unit=unit, opens_on=opens, closes_on=closes, name=name, **kwargs)


def listed(client: Any, query: dict[str, Any]) -> set[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return {c.name for c in response.context["page"].object_list}


def test_the_list_narrows_to_completed_campaigns_of_the_subtree_in_the_year(
    instruments: None, login: Login, city_admin: User, tree: dict[str, OrgUnit]
) -> None:
    room = tree["room_a1r"]  # under district A's station
    campaign(room, date(2026, 3, 1), date(2026, 3, 20), "inside, done in March")
    campaign(
        tree["room_ar"],
        date(2026, 5, 1),
        date(2026, 7, 30),
        "inside, ended early",
        ended_at=datetime(2026, 5, 20, 9, tzinfo=clock.network_tz()),
    )
    campaign(room, date(2025, 12, 1), date(2025, 12, 20), "inside, last year")
    campaign(room, date(2025, 12, 20), date(2026, 1, 5), "inside, ends in January")
    campaign(room, date(2026, 6, 1), date(2026, 6, 30), "inside, still open")
    campaign(tree["station_b1"], date(2026, 3, 1), date(2026, 3, 20), "outside, done")
    client = login(city_admin)
    query = {"status": "completed", "unit": tree["district_a"].public_id, "year": 2026}
    assert listed(client, query) == {
        "inside, done in March",
        "inside, ended early",
        "inside, ends in January",
    }
    assert listed(client, {**query, "year": 2025}) == {"inside, last year"}
    assert "inside, still open" in listed(client, {**query, "status": ""})
    assert len(listed(client, {})) == 6
    assert listed(client, {**query, "unit": tree["station_b1"].public_id}) == {"outside, done"}


def test_the_filtered_list_keeps_its_query_budget_and_offers_the_whole_list(
    instruments: None,
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):
        campaign(tree["room_ar"], date(2026, 3, 1), date(2026, 3, 20), f"测评 {n}")
    client = login(cadre_a)
    query = {"status": "completed", "unit": tree["district_a"].public_id, "year": 2026}
    with django_assert_max_num_queries(8):
        response = client.get(LIST, query)
    assert response.context["page"].paginator.count == 5
    assert "data-filtered" in response.content.decode()
    assert "data-filtered" not in client.get(LIST).content.decode()
