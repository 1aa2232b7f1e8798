"""The planning staff pages: scoped to the viewer's subtree, thin over the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from kpis.models import Approval, ApprovalStatus, ManualEntry, Plan
from kpis.services import approval_approve, approval_reopen, approval_submit, plan_set
from network.models import OrgUnit, Role
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db
Y, M = 2026, 3
CODE = "lectures_held"


def _plans_url(unit: OrgUnit) -> str:
    return reverse("staff:kpis:plans", args=[unit.public_id]) + f"?year={Y}"


def _manual_url(unit: OrgUnit) -> str:
    return reverse("staff:kpis:manual", args=[unit.public_id]) + f"?year={Y}"


def _approval_url(unit: OrgUnit) -> str:
    return reverse("staff:kpis:approval", args=[unit.public_id, Y, M])


def _plans(actor: User, tree: dict[str, OrgUnit]) -> None:
    plan_set(actor=actor, unit=tree["centre"], year=Y, code=CODE, target=Decimal(150))
    plan_set(actor=actor, unit=tree["district_a"], year=Y, code=CODE, target=Decimal(100))


def test_the_plan_page_shows_the_childrens_allocation(
    login: Login, centre_admin: User, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    _plans(centre_admin, tree)
    client = login(cadre_a)
    response = client.post(
        _plans_url(tree["district_a"]),
        {"unit": str(tree["station_a1"].public_id), "code": CODE, "target": "40"},
    )
    assert response.status_code == 302
    page = client.get(_plans_url(tree["district_a"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert tree["station_a1"].name in body
    assert "<td data-remaining>60.00</td>" in body


def test_over_allocation_is_refused_on_the_page(
    login: Login, centre_admin: User, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    _plans(centre_admin, tree)
    response = login(cadre_a).post(
        _plans_url(tree["district_a"]),
        {"unit": str(tree["station_a1"].public_id), "code": CODE, "target": "101"},
    )
    assert response.status_code == 400
    assert "exceed" in response.content.decode()
    assert not Plan.objects.filter(unit=tree["station_a1"]).exists()


def test_a_sibling_district_cannot_see_or_edit(
    login: Login, centre_admin: User, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    _plans(centre_admin, tree)
    client = login(cadre_b)
    station = tree["station_a1"]
    assert client.get(_plans_url(tree["district_a"])).status_code == 404
    assert client.get(_manual_url(station)).status_code == 404
    assert client.get(_approval_url(station)).status_code == 404
    posted = client.post(
        _manual_url(station), {"code": "publicity_events", "year": Y, "month": M, "value": 1}
    )
    assert posted.status_code == 404
    assert not ManualEntry.objects.exists()


def test_manual_entry_refused_once_approved_and_the_change_listed_after_reopening(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_a)
    station = tree["station_a1"]
    entry = {"code": "publicity_events", "year": Y, "month": M, "value": "3"}
    assert client.post(_manual_url(station), entry).status_code == 302
    assert client.post(_approval_url(station), {"action": "submit"}).status_code == 302
    assert client.post(_approval_url(station), {"action": "approve"}).status_code == 302
    approval = Approval.objects.get(unit=station)
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.approved_by == cadre_a

    refused = client.post(_manual_url(station), {**entry, "value": "5"})
    assert refused.status_code == 400
    assert "locked" in refused.content.decode()

    page = client.get(_approval_url(station))
    assert "data-no-changes" in page.content.decode()
    approval_reopen(actor=cadre_a, approval=approval, reason="correction")
    assert client.post(_manual_url(station), {**entry, "value": "5"}).status_code == 302
    body = client.get(_approval_url(station)).content.decode()
    assert '<th scope="row">publicity_events</th><td>3.00</td><td>5.00</td>' in body


def test_a_station_cannot_approve_its_own_figures_on_the_page(
    login: Login, cadre_a: User, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:

    station_admin = factories.staff("s@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    approval = approval_submit(actor=station_admin, unit=tree["station_a1"], year=Y, month=M)
    response = login(station_admin).post(_approval_url(tree["station_a1"]), {"action": "approve"})
    assert response.status_code == 403
    approval_approve(actor=cadre_a, approval=approval)
    assert Approval.objects.get().status == ApprovalStatus.APPROVED


def test_the_pages_in_chinese(login: Login, cadre_a: User, tree: dict[str, OrgUnit]) -> None:
    client = login(cadre_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    body = client.get(_approval_url(tree["station_a1"])).content.decode()
    assert "自上次审核以来的变化" in body


def test_the_start_page_opens_the_viewers_own_unit(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).get(reverse("staff:kpis:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:kpis:plans", args=[tree["district_a"].public_id])


@pytest.mark.parametrize("stations", [2, 20])
def test_the_plan_page_query_count_does_not_grow_with_the_children(
    login: Login,
    centre_admin: User,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    stations: int,
    django_assert_max_num_queries: object,
) -> None:
    _plans(centre_admin, tree)
    for n in range(stations):
        child = factories.unit(f"站{n}", "station", tree["district_a"])
        plan_set(actor=cadre_a, unit=child, year=Y, code=CODE, target=Decimal(1))
    client = login(cadre_a)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(_plans_url(tree["district_a"]))
    assert response.content.decode().count("<td>1.00</td>") == stations


def test_the_plan_page_shows_a_plans_history_with_reasons(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    _plans(centre_admin, tree)
    plan_set(
        actor=centre_admin,
        unit=tree["centre"],
        year=Y,
        code=CODE,
        target=Decimal(160),
        reason="federation notice",
    )
    body = login(centre_admin).get(_plans_url(tree["centre"])).content.decode()
    assert "version 2: 160.00" in body
    assert "federation notice" in body
