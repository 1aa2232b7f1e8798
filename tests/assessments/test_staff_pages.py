"""Staff pages: open call-back requests for the hotline, risk results per unit and day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import services
from assessments.models import CallbackRequest, CallbackStatus, Submission
from core import clock
from network.access import ROLE_PERMS, Perm
from network.models import AuditEntry, OrgUnit, Role
from tests.conftest import make_user
from tests.network import factories
from tests.network.personas import ALL_ROLES, Login

pytestmark = pytest.mark.django_db

CALLBACKS = reverse("staff:assessments:callbacks")
RISK = reverse("staff:assessments:risk_counts")
RISKY = [0] * 8 + [1]  # PHQ-9: item 9 > 0
CALM = [0] * 9


def callback(unit: OrgUnit | None = None, phone: str = "13800138000") -> CallbackRequest:
    request = services.callback_request_create(submission=None, contact_phone=phone, consent=True)
    if unit is not None:
        CallbackRequest.objects.filter(pk=request.pk).update(duty_unit=unit)
        request.refresh_from_db()
    return request


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
@pytest.mark.parametrize(
    ("url", "perm"),
    [(CALLBACKS, Perm.HANDLE_CALLBACKS), (RISK, Perm.VIEW_RISK_COUNTS)],
    ids=["callbacks", "risk"],
)
def test_each_role_opens_only_the_pages_its_permission_allows(
    instruments: None, login: Login, tree: dict[str, OrgUnit], role: str, url: str, perm: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["centre"])
    expected = 200 if role in ROLE_PERMS[perm] else 404
    assert login(user).get(url).status_code == expected


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
    assert CALLBACKS in home and RISK not in home
    supervisor = factories.staff("sup@example.com", Role.HOTLINE_SUPERVISOR, tree["centre"])
    home = html(login(supervisor).get(reverse("staff:home")))
    assert CALLBACKS in home and RISK in home
    home = html(login(cadre_a).get(reverse("staff:home")))
    assert CALLBACKS not in home and RISK not in home


# --- call-back requests -------------------------------------------------------------------


def test_operators_see_open_requests_with_the_number_and_the_view_is_audited(
    instruments: None, login: Login, tree: dict[str, OrgUnit]
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    waiting = callback(phone="13800138000")
    done = callback(phone="13900139000")
    CallbackRequest.objects.filter(pk=done.pk).update(status=CallbackStatus.CLOSED)
    page = html(login(operator).get(CALLBACKS))
    assert "13800138000" in page and "13900139000" not in page
    entry = AuditEntry.objects.get(action="assessments.callback.viewed")
    assert entry.actor == operator
    assert entry.unit == tree["centre"]
    assert entry.details == {"requests": [str(waiting.public_id)]}
    assert "13800138000" not in str(entry.details)

    closed = html(login(operator).get(CALLBACKS, {"status": "closed"}))
    assert "13900139000" in closed and "13800138000" not in closed
    assert AuditEntry.objects.filter(action="assessments.callback.viewed").count() == 2


def test_an_empty_list_records_no_view(
    instruments: None, login: Login, tree: dict[str, OrgUnit]
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    assert login(operator).get(CALLBACKS).status_code == 200
    assert not AuditEntry.objects.filter(action="assessments.callback.viewed").exists()


def test_a_sibling_districts_requests_stay_out_of_reach(
    instruments: None, login: Login, tree: dict[str, OrgUnit]
) -> None:
    ours = callback(tree["district_a"], phone="13800138001")
    theirs = callback(tree["district_b"], phone="13800138002")
    operator_a = factories.staff("op.a@example.com", Role.HOTLINE_OPERATOR, tree["district_a"])
    client = login(operator_a)
    page = html(client.get(CALLBACKS))
    assert "13800138001" in page and "13800138002" not in page
    status_url = reverse("staff:assessments:callback_status", args=[theirs.public_id])
    assert client.post(status_url, {"status": "closed"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == CallbackStatus.OPEN
    ours_url = reverse("staff:assessments:callback_status", args=[ours.public_id])
    assert client.post(ours_url, {"status": "closed"}).status_code == 302


def test_operators_move_a_request_through_its_statuses(
    instruments: None, login: Login, tree: dict[str, OrgUnit]
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    request = callback()
    client = login(operator)
    url = reverse("staff:assessments:callback_status", args=[request.public_id])
    assert client.post(url, {"status": "in_progress"})["Location"] == CALLBACKS
    request.refresh_from_db()
    assert (request.status, request.handled_by) == (CallbackStatus.IN_PROGRESS, operator)
    assert AuditEntry.objects.filter(action="assessments.callback.in_progress").exists()

    client.post(url, {"status": "nonsense"})
    request.refresh_from_db()
    assert request.status == CallbackStatus.IN_PROGRESS
    assert "Unknown status." in html(client.get(CALLBACKS))
    assert client.get(url).status_code == 405


def test_others_cannot_change_a_request(
    instruments: None, login: Login, tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    request = callback()
    url = reverse("staff:assessments:callback_status", args=[request.public_id])
    assert login(cadre_a).post(url, {"status": "closed"}).status_code == 404
    request.refresh_from_db()
    assert request.status == CallbackStatus.OPEN


@pytest.mark.parametrize("size", [3, 30])
def test_the_call_back_list_query_budget(
    instruments: None,
    login: Login,
    tree: dict[str, OrgUnit],
    size: int,
    django_assert_max_num_queries: object,
) -> None:
    operator = factories.staff("op@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    for index in range(size):
        request = callback(phone=f"1380013{index:04d}")
        if index % 3 == 0:
            services.callback_request_set_status(
                actor=operator, request=request, status=CallbackStatus.IN_PROGRESS
            )
    client = login(operator)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(CALLBACKS)
    assert html(response).count('class="callback-card') == size


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
