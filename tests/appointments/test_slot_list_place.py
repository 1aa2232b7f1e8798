"""The booking page's "soonest near" takes a typed place and never echoes coordinates."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from appointments import services
from network.models import OrgUnit, PractitionerProfile
from tests.appointments.factories import weekly_rule

pytestmark = pytest.mark.django_db

MONDAY_8AM = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COORDINATES = re.compile(r"\d{2}\.\d{2,}\s*[,，]\s*\d{3}\.\d{2,}")


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def slots(tree: dict[str, OrgUnit], counsellor_a: User) -> None:
    PractitionerProfile.objects.create(user=counsellor_a, display_name="王老师", is_public=True)
    weekly_rule(counsellor_a, tree["station_a1"], weekday=1)
    services.slots_regenerate(counsellor_id=counsellor_a.pk)


@time_machine.travel(MONDAY_8AM, tick=False)
def test_soonest_near_a_typed_district(
    client: Client, tree: dict[str, OrgUnit], slots: None
) -> None:
    response = client.get("/appointments/", {"point": "甲区"})
    assert response.status_code == 200
    assert response.context["near"]
    assert tree["district_a"].name in response.context["origin"]


@time_machine.travel(MONDAY_8AM, tick=False)
def test_typed_coordinates_are_not_echoed(client: Client, slots: None) -> None:
    response = client.get("/appointments/", {"point": "36.07,120.39"})
    assert response.context["near"]
    assert not COORDINATES.search(_visible(response.content.decode()))


@time_machine.travel(MONDAY_8AM, tick=False)
def test_an_unknown_place_is_explained(client: Client, slots: None) -> None:
    response = client.get("/appointments/", {"point": "火星基地"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "We could not find “火星基地”" in response.content.decode()
