"""Unit campaigns (issue 10): ending early asks first and keeps the true dates, the form's
date inputs carry ISO values, and a two-questionnaire campaign leads on to the second."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import selectors as campaign_selectors
from assessments import services
from assessments.models import Campaign
from assessments.services import campaigns
from network.models import OrgUnit
from tests.assessments.factories import add_answers, make_campaign
from tests.assessments.portal import GAD7_MODERATE, finish_url, page_url, take_url
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    moment = datetime.combine(TODAY, time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment):
        yield


def close_url(campaign: Campaign) -> str:
    return reverse("staff:assessments:campaign_close", args=[campaign.code])


def detail_url(campaign: Campaign) -> str:
    return reverse("staff:assessments:campaign_detail", args=[campaign.code])


def test_ending_early_keeps_the_true_dates_and_the_report_its_answers(
    instruments: None, cadre_a: User, tree: dict[str, OrgUnit], login: Login
) -> None:
    opened = TODAY - timedelta(days=5)
    campaign = make_campaign(tree["room_ar"], opens_on=opened, days=20)
    add_answers({"minimal": 12, "mild": 10}, campaign=campaign, day=TODAY - timedelta(days=2))
    campaigns.campaign_close(actor=cadre_a, campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.opens_on, campaign.closes_on) == (opened, opened + timedelta(days=20))
    assert campaign.ended_at is not None and campaign.ended_on == TODAY
    assert campaign.is_closed_on(TODAY) and not campaign.is_open_on(TODAY)
    assert campaign.last_day == TODAY
    with pytest.raises(services.CampaignClosed):
        services.submission_create(
            actor=None, instrument_code="phq9", answers=[0] * 9, language="en", campaign=campaign
        )
    report = campaign_selectors.campaign_report(campaign)
    assert not report.in_progress and report.submissions == 22
    page = login(cadre_a).get(detail_url(campaign)).content.decode()
    assert f"{opened:%Y-%m-%d} – {opened + timedelta(days=20):%Y-%m-%d}" in page
    assert f"(ended early on {TODAY:%Y-%m-%d})" in page
    assert "This campaign is closed." in page


def test_ending_early_asks_for_confirmation_first(
    instruments: None, cadre_a: User, tree: dict[str, OrgUnit], login: Login
) -> None:
    campaign = make_campaign(tree["room_ar"], opens_on=TODAY - timedelta(days=1))
    client = login(cadre_a)
    detail = client.get(detail_url(campaign)).content.decode()
    assert f'href="{close_url(campaign)}"' in detail  # a link to the step, not a bare POST
    step = client.get(close_url(campaign))
    assert step.status_code == 200
    assert 'type="checkbox" name="confirm"' in step.content.decode()
    assert "cannot be opened again" in step.content.decode()

    unconfirmed = client.post(close_url(campaign))
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm." in unconfirmed.content.decode()
    campaign.refresh_from_db()
    assert campaign.ended_at is None

    confirmed = client.post(close_url(campaign), {"confirm": "yes"})
    assert confirmed.status_code == 302 and confirmed["Location"] == detail_url(campaign)
    campaign.refresh_from_db()
    assert campaign.ended_at is not None


def test_the_outsider_cannot_reach_the_confirmation_step(
    instruments: None, cadre_b: User, tree: dict[str, OrgUnit], login: Login
) -> None:
    campaign = make_campaign(tree["room_ar"])
    client = login(cadre_b)
    assert client.get(close_url(campaign)).status_code == 404
    assert client.post(close_url(campaign), {"confirm": "yes"}).status_code == 404


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_campaign_form_gives_its_date_inputs_iso_values(
    instruments: None, cadre_a: User, login: Login, language: str
) -> None:
    client = login(cadre_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    page = client.get(reverse("staff:assessments:campaign_create")).content.decode()
    field = re.search(r'<input type="date" name="opens_on"[^>]*>', page)
    assert field is not None and f'value="{TODAY.isoformat()}"' in field.group(0)


def test_a_two_questionnaire_campaign_leads_on_to_the_second(
    instruments: None, tree: dict[str, OrgUnit], client: Client
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    campaign = make_campaign(tree["room_ar"], codes=("gad7", "phq9"))
    client.post(take_url("gad7"), {"campaign": campaign.code})
    for page in (1, 2, 3):
        client.post(page_url("gad7", page), {f"q{n}": GAD7_MODERATE[n - 1] for n in range(1, 8)})
    done = client.post(finish_url("gad7"), {"skip": "1"})
    assert done.status_code == 302
    result = client.get(done["Location"]).content.decode()
    assert "data-campaign-next" in result and "Go on to PHQ-9" in result
    following = campaign_selectors.take_url("phq9", campaign.code)
    assert f'href="{following.replace("&", "&amp;")}"' in result
    assert client.get(following).status_code == 200
    # The second leads nowhere further, and neither does a result outside a campaign.
    second, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=[0] * 9, language="en", campaign=campaign
    )
    alone, _code = services.submission_create(
        actor=None, instrument_code="gad7", answers=[0] * 7, language="en"
    )
    assert campaign_selectors.next_questionnaire([second]) is None
    assert campaign_selectors.next_questionnaire([alone]) is None
