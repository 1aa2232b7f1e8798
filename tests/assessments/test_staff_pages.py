"""Staff pages: risk results per unit and day; the old call-back list's address, which
sends staff to the hotline's queue (the queue itself: tests/hotline/test_callback_queue.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import services
from assessments.models import Submission
from core import clock
from network.access import ROLE_PERMS, Perm
from network.models import OrgUnit, Role
from tests.conftest import make_user
from tests.hotline.factories import LineFactory
from tests.network import factories
from tests.network.personas import ALL_ROLES, Login

pytestmark = pytest.mark.django_db

CALLBACKS = reverse("staff:assessments:callbacks")
QUEUE = reverse("staff:hotline:queue")
RISK = reverse("staff:assessments:risk_counts")
RISKY = [0] * 8 + [1]  # PHQ-9: item 9 > 0
CALM = [0] * 9


def risk_results(unit: OrgUnit | None, count: int, *, days_ago: int = 0, answers=RISKY) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        submission, _code = services.submission_create(
            actor=None,
            instrument_code="phq9",
            answers=answers,
            language="zh-hans",
            demographics=services.Demographics(district=unit),
        )
        if days_ago:
            Submission.objects.filter(pk=submission.pk).update(
                submitted_on=submission.submitted_on - timedelta(days=days_ago)
            )


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- who may open the pages --------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_opens_the_risk_page_only_if_its_permission_allows(
    instruments: None, login: Login, tree: dict[str, OrgUnit], role: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["centre"])
    expected = 200 if role in ROLE_PERMS[Perm.VIEW_RISK_COUNTS] else 404
    assert login(user).get(RISK).status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_old_call_back_list_sends_its_staff_to_the_hotline_queue(
    instruments: None, login: Login, tree: dict[str, OrgUnit], role: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["centre"])
    response = login(user).get(CALLBACKS)
    if role in ROLE_PERMS[Perm.HANDLE_CALLBACKS]:
        assert response.status_code == 302 and response["Location"] == QUEUE
    else:
        assert response.status_code == 404


def test_the_queue_address_opens_the_operators_line_at_its_queue(
    instruments: None, login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    line = LineFactory(unit=tree["centre"])
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    client = login(operator)
    response = client.get(CALLBACKS, follow=True)
    desk = reverse("staff:hotline:desk", kwargs={"line": line.public_id})
    assert response.redirect_chain[-1] == (f"{desk}#queue", 302)
    assert response.status_code == 200
    assert login(cadre_a).get(QUEUE).status_code == 404


@pytest.mark.parametrize("url", [CALLBACKS, RISK])
def test_visitors_and_workers_are_sent_to_sign_in(
    instruments: None, client: Client, worker: User, url: str
) -> None:
    assert client.get(url).status_code == 302
    client.force_login(worker)
    assert client.get(url).status_code == 302
    assert "13800138000" not in html(client.get(url, follow=True))


def test_the_staff_home_links_the_pages_a_user_may_open(
    instruments: None, login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    home = html(login(operator).get(reverse("staff:home")))
    assert QUEUE in home and RISK not in home and CALLBACKS not in home
    supervisor = factories.staff("sup@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])
    home = html(login(supervisor).get(reverse("staff:home")))
    assert QUEUE in home and RISK in home and CALLBACKS not in home
    home = html(login(cadre_a).get(reverse("staff:home")))
    assert QUEUE not in home and RISK not in home


# --- risk results per unit and day -----------------------------------------------------------


def test_small_counts_are_shown_as_fewer_than_ten(
    instruments: None, login: Login, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    risk_results(tree["station_a1"], 3)
    risk_results(tree["station_b1"], 12)
    risk_results(tree["station_b1"], 4, answers=CALM)  # no risk: not counted
    response = login(centre_admin).get(RISK)
    cells = {(c.unit, c.count) for c in response.context["counts"].cells}
    assert cells == {(tree["station_a1"].name, 3), (tree["station_b1"].name, 12)}
    page = html(response)
    assert "&lt;10" in page
    assert ">12<" in page
    assert ">3<" not in page


def test_risk_counts_cover_the_last_thirty_days_of_the_viewers_reach(
    instruments: None, login: Login, tree: dict[str, OrgUnit], city_admin: User
) -> None:
    risk_results(tree["station_a1"], 1)
    risk_results(tree["room_a1r"], 1, days_ago=29)
    risk_results(tree["station_a1"], 1, days_ago=30)  # too old
    risk_results(tree["station_b1"], 2)
    risk_results(None, 1)  # no district, no campaign
    supervisor_a = factories.staff(
        "sup.a@example.com", Role.CLINICAL_SUPERVISOR, tree["district_a"]
    )
    counts = login(supervisor_a).get(RISK).context["counts"]
    assert {c.unit for c in counts.cells} == {tree["station_a1"].name, tree["room_a1r"].name}
    assert not counts.includes_no_unit

    centre = factories.staff("sup@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])
    response = login(centre).get(RISK)
    units = {c.unit for c in response.context["counts"].cells}
    assert units == {tree["station_a1"].name, tree["room_a1r"].name, tree["station_b1"].name, None}
    assert "no unit given" in html(response)
    assert {c.unit for c in login(city_admin).get(RISK).context["counts"].cells} == units


def test_the_risk_page_shows_no_totals(
    instruments: None, login: Login, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    risk_results(tree["station_a1"], 3)
    risk_results(tree["station_b1"], 11)
    page = html(login(centre_admin).get(RISK))
    assert ">14<" not in page  # a total would reveal the hidden 3


@pytest.mark.parametrize("days", [2, 20])
def test_the_risk_page_query_budget(
    instruments: None,
    login: Login,
    tree: dict[str, OrgUnit],
    days: int,
    django_assert_max_num_queries: object,
) -> None:
    supervisor = factories.staff("sup@example.com", Role.CLINICAL_SUPERVISOR, tree["centre"])
    for day in range(days):
        risk_results(tree["station_a1"] if day % 2 else tree["station_b1"], 1, days_ago=day)
    client = login(supervisor)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(RISK)
    assert len(response.context["counts"].cells) == days


def test_a_risky_submission_today_counts_at_once(
    instruments: None, login: Login, tree: dict[str, OrgUnit], centre_admin: User
) -> None:
    assert not login(centre_admin).get(RISK).context["counts"].cells
    risk_results(tree["district_b"], 1)
    cells = login(centre_admin).get(RISK).context["counts"].cells
    assert [(c.day, c.unit, c.count) for c in cells] == [
        (clock.today(), tree["district_b"].name, 1)
    ]


def test_a_worker_is_not_staff(instruments: None, client: Client) -> None:
    client.force_login(make_user("w2@example.com"))
    assert client.get(RISK).status_code == 302
