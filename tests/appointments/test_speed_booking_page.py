"""The booking page is bounded: 20 free times a page, filters that list at most 30 options."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appointments.forms.bookings import CHOICES_SHOWN
from appointments.views.portal.free_times import PAGE_SIZE
from core import clock
from network.models import Level, OrgUnit, Role
from tests.appointments.factories import SlotFactory
from tests.network import factories

pytestmark = pytest.mark.django_db
URL = "/appointments/"


def _slots(counsellor: User, station: OrgUnit, count: int) -> None:
    first = datetime.combine(clock.today() + timedelta(days=3), time(8), tzinfo=clock.network_tz())
    for number in range(count):
        starts = first + timedelta(days=number // 10, hours=number % 10)
        SlotFactory.create(
            counsellor=counsellor,
            station=station,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=50),
        )


def _items(html: str) -> int:
    section = html.split('class="slot-list"', 1)
    return section[1].split("</ol>", 1)[0].count("<li") if len(section) == 2 else 0


def test_the_list_shows_twenty_free_times_and_a_link_to_the_next(
    client: Client, tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    _slots(counsellor_a, tree["station_a1"], PAGE_SIZE + 5)
    params: dict[str, Any] = {"station": str(tree["station_a1"].public_id)}
    html = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _items(html) == PAGE_SIZE
    more = re.search(r'<a href="([^"]+)" rel="next" data-more-slots>More free times</a>', html)
    assert more is not None
    link = more.group(1).replace("&amp;", "&")
    assert "page=2" in link and f"station={tree['station_a1'].public_id}" in link
    html = client.get(URL, {**params, "page": 2}).content.decode()
    assert _items(html) == 5
    assert "data-more-slots" not in html


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_the_station_and_counsellor_filters_list_a_bounded_number(
    client: Client, tree: dict[str, OrgUnit], counsellor_a: User
) -> None:
    extra = []
    for number in range(CHOICES_SHOWN + 10):
        unit = factories.unit(f"预约站{number:03d}", Level.STATION, tree["district_a"])
        factories.MembershipFactory.create(user=counsellor_a, unit=unit, role=Role.COUNSELLOR)
        extra.append(unit)
    html = client.get(URL).content.decode()
    stations = _options(html, "station")
    assert len(stations) == CHOICES_SHOWN + 1  # and "Any station"
    assert len(_options(html, "counsellor")) <= CHOICES_SHOWN + 1
    # A station outside the first options, named by a link, is listed, chosen and searched.
    unlisted = next(u for u in reversed(extra) if str(u.public_id) not in stations)
    _slots(counsellor_a, unlisted, 2)
    response = client.get(URL, {"station": str(unlisted.public_id)})
    html = response.content.decode()
    assert f'<option value="{unlisted.public_id}" selected>' in html
    assert len(response.context["slots"]) == 2
    assert reverse("appointments:slot_list") == URL
