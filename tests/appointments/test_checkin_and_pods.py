"""Check-in buttons follow the check-in rule (issue 10), and pod names do not repeat their
kind."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from appointments import services
from appointments.models import Pod, PodKind
from network.models import OrgUnit
from tests.appointments.factories import make_booking
from tests.network.conftest import Login

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = datetime(2026, 12, 2, 14, 0, tzinfo=SHANGHAI)


def check_in_button(html: str) -> str:
    """The check-in button of the page: '' if none."""
    for line in html.splitlines():
        if "Attended (check in)" in line:
            return line
    return ""


@pytest.mark.parametrize(
    ("clock", "is_open"),
    [(time(12, 30), False), (time(12, 59), False), (time(13, 0), True), (time(14, 20), True)],
)
def test_the_check_in_button_is_disabled_until_check_in_opens(
    login: Login,
    tree: dict[str, OrgUnit],
    counsellor_a: User,
    worker: User,
    clock: time,
    is_open: bool,
) -> None:
    with time_machine.travel(datetime.combine(STARTS.date(), clock, tzinfo=SHANGHAI), tick=False):
        booking = make_booking(counsellor_a, tree["station_a1"], worker, starts_at=STARTS)
        assert services.check_in_is_open(booking) is is_open
        client = login(counsellor_a)
        for target in (
            reverse("staff:appointments:day"),
            reverse("staff:appointments:booking", args=[booking.public_id]),
        ):
            button = check_in_button(client.get(target).content.decode())
            assert button, target
            assert ("disabled" not in button) is is_open, (target, button)
        page = client.get(reverse("staff:appointments:booking", args=[booking.public_id]))
        assert ("Check-in opens at" in page.content.decode()) is not is_open


def pod(station: OrgUnit, name: str, kind: str = PodKind.POD) -> Pod:
    return Pod.objects.create(
        station=station, name=name, kind=kind, weekdays=[0], opens_at=time(9), closes_at=time(17)
    )


def test_a_pod_named_after_its_kind_is_not_called_by_its_kind_twice(
    tree: dict[str, OrgUnit], client: Client
) -> None:
    named = pod(tree["station_a1"], "情绪调节舱一号")
    plain = pod(tree["station_a1"], "二号")
    room = pod(tree["station_a1"], "放松室", PodKind.RELAXATION_ROOM)
    with translation.override("zh-hans"):
        assert named.title == "情绪调节舱一号"
        assert plain.title == "二号 · 情绪调节舱"
        assert room.title == "放松室"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    listing = client.get(reverse("appointments:pod_list")).content.decode()
    assert "情绪调节舱一号</strong>" in listing
    assert "情绪调节舱一号</strong> · 情绪调节舱" not in listing
    assert "放松室</strong> · 放松室" not in listing
    detail = client.get(reverse("appointments:pod_detail", args=[named.public_id]))
    assert "<p>情绪调节舱 · " not in detail.content.decode()
