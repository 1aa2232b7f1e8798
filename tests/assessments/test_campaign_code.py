"""One campaign-code rule at every front door: the portal, the partner API and the staff site.

A join code is read the same way wherever it is typed or linked: case, spaces and
dashes do not matter (selectors.campaign_by_code). Workers find only campaigns of an
active unit; the staff keep theirs.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import selectors
from assessments.models import Submission
from network import services as network_services
from network.models import OrgUnit, Scope
from tests.assessments.factories import CampaignFactory
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def typed(code: str) -> str:
    """The code as a worker types it from a poster: lower case, a dash, spaces around."""
    return f" {code[:4].lower()}-{code[4:].lower()} "


def test_the_selector_reads_a_code_as_people_type_it(
    campaign_factory: type[CampaignFactory], tree: dict[str, OrgUnit]
) -> None:
    campaign = campaign_factory(unit=tree["room_ar"])

    assert selectors.campaign_by_code(typed(campaign.code)) == campaign
    assert selectors.campaign_by_code(campaign.code) == campaign
    assert selectors.campaign_by_code("NOPE2345") is None
    assert selectors.campaign_by_code(typed(campaign.code), within=tree["district_a"]) == campaign
    assert selectors.campaign_by_code(campaign.code, within=tree["district_b"]) is None


def test_every_front_door_finds_the_campaign_by_the_same_rule(
    campaign_factory: type[CampaignFactory],
    tree: dict[str, OrgUnit],
    client: Client,
    login: Login,
    cadre_a: User,
) -> None:
    campaign = campaign_factory(unit=tree["room_ar"])
    variant = typed(campaign.code).strip()
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT]
    )

    join = client.get(reverse("assessments:campaign_join", args=[variant]))
    take = client.get(
        reverse("assessments:take", args=["phq9"]), {"campaign": typed(campaign.code)}
    )
    detail = client.get(f"/api/v1/campaigns/{variant}/")
    submitted = client.post(
        "/api/v1/assessments/",
        {"instrument": "phq9", "answers": [0] * 9, "campaign": typed(campaign.code)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    staff = login(cadre_a).get(reverse("staff:assessments:campaign_detail", args=[variant]))

    assert join.status_code == 200
    assert campaign.name in join.content.decode()
    assert take.status_code == 200
    assert detail.status_code == 200
    assert detail.json()["code"] == campaign.code
    assert submitted.status_code == 201, submitted.content
    assert Submission.objects.get().campaign == campaign
    assert staff.status_code == 200


def test_workers_do_not_find_a_campaign_of_a_deactivated_unit_the_staff_still_do(
    campaign_factory: type[CampaignFactory], tree: dict[str, OrgUnit], client: Client, cadre_a: User
) -> None:
    campaign = campaign_factory(unit=tree["room_ar"])
    OrgUnit.objects.filter(pk=tree["room_ar"].pk).update(is_active=False)

    assert selectors.campaign_by_code(campaign.code) is None
    assert client.get(reverse("assessments:campaign_join", args=[campaign.code])).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign.code}/").status_code == 404
    assert (
        client.get(
            reverse("assessments:take", args=["phq9"]), {"campaign": campaign.code}
        ).status_code
        == 404
    )
    assert selectors.campaign_for(cadre_a, typed(campaign.code)) == campaign
