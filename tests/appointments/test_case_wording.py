"""How case pages name things (issue 10): an existing case is viewed, not "opened" again
(建立个案 only creates one); status `open` and the list tab read 待处理; a case is titled by
the worker's pseudonym and the day it opened, never by a hex id or the worker's e-mail."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from appointments.models import Case
from network.models import OrgUnit
from network.pseudonyms import worker_reference
from tests.appointments.factories import make_overdue, past_booking

pytestmark = pytest.mark.django_db


Login = Callable[[User], Client]


def url(name: str, **kwargs: object) -> str:
    return reverse(f"staff:appointments:{name}", kwargs=kwargs)


def chinese(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def expected_title(case: Case, worker: User) -> str:
    opened = timezone.localtime(case.opened_at, ZoneInfo("Asia/Shanghai")).date().isoformat()
    return f"职工 #{worker_reference(worker)} · {opened}"


def test_a_session_that_has_a_case_links_to_view_it_not_to_create_one(
    case: Case, counsellor_a: User, login: Login
) -> None:
    client = chinese(login(counsellor_a))
    booking = case.sessions.get()
    page = client.get(url("booking", public_id=booking.public_id)).content.decode()
    assert url("case_detail", public_id=case.public_id) in page
    assert "查看个案" in page and "建立个案" not in page


def test_an_overdue_followup_links_to_view_its_case(
    case: Case, counsellor_a: User, login: Login
) -> None:
    make_overdue(case, days=2)
    client = chinese(login(counsellor_a))
    for target in (url("overdue_followups"), url("day")):
        page = client.get(target).content.decode()
        assert "查看个案" in page and "建立个案" not in page, target


def test_creating_a_case_still_says_so(
    tree: dict[str, OrgUnit], counsellor_a: User, worker: User, login: Login
) -> None:
    booking = past_booking(counsellor_a, worker, tree["station_a1"], days_ago=1)
    page = chinese(login(counsellor_a)).get(url("case_open", booking_id=booking.public_id))
    assert "建立个案" in page.content.decode()


def test_an_open_case_and_the_list_tab_read_pending(
    case: Case, counsellor_a: User, login: Login
) -> None:
    client = chinese(login(counsellor_a))
    listing = client.get(url("cases")).content.decode()
    assert "待处理和跟进中" in listing and "进行中" not in listing
    detail = client.get(url("case_detail", public_id=case.public_id)).content.decode()
    assert "待处理" in detail and "进行中" not in detail


def test_a_case_is_titled_by_the_workers_pseudonym_and_its_date(
    case: Case, counsellor_a: User, cadre_a: User, station_lead: User, worker: User, login: Login
) -> None:
    title = expected_title(case, worker)
    hex_ref = f"个案 {str(case.public_id)[:8]}"  # the old title
    client = chinese(login(counsellor_a))
    for target in (
        url("cases"),
        url("case_detail", public_id=case.public_id),
        url("note_add", public_id=case.public_id),
    ):
        page = client.get(target).content.decode()
        assert title in page and hex_ref not in page, target
    make_overdue(case, days=2)
    for lead in (cadre_a, station_lead):
        page = chinese(login(lead)).get(url("overdue_followups")).content.decode()
        assert title in page and hex_ref not in page
        assert worker.email not in page and str(case.public_id)[:8] not in page
