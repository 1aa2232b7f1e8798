"""Staff pages of the network: the audit log browser and the coverage figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from core import clock
from network import access, audit, selectors, services
from network.models import AuditEntry, Level, OrgUnit, Role
from network.selectors import EARTH_RADIUS_M
from tests.network import factories
from tests.network.conftest import ALL_ROLES, Login

pytestmark = pytest.mark.django_db

AUDIT = reverse("staff:network:audit")
COVERAGE = reverse("staff:network:coverage")
METRES_PER_DEGREE = EARTH_RADIUS_M * 3.141592653589793 / 180


def listed(response: Any) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


def backdate(entry: AuditEntry, days: int) -> None:
    # The model refuses updates; a test may go around it to fake the past.
    QuerySet.update(
        AuditEntry.objects.filter(pk=entry.pk), created_at=entry.created_at - timedelta(days=days)
    )


# --- the audit log ---------------------------------------------------------------------


def test_a_district_admin_sees_only_its_districts_entries(
    login: Login, cadre_a: User, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_b).get(AUDIT)
    assert response.status_code == 200
    paths = {e.unit_path for e in listed(response)}
    assert paths == {tree["district_b"].path, tree["station_b1"].path}
    assert tree["station_a1"].name not in response.content.decode()

    entries = listed(login(cadre_a).get(AUDIT))
    assert len(entries) == 4
    assert all(e.unit_path.startswith(tree["district_a"].path) for e in entries)


def test_superusers_also_see_entries_without_a_unit(
    login: Login, city_admin: User, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    loose = audit.record(actor=city_admin, action="network.test.unitless")
    assert loose in listed(login(city_admin).get(AUDIT))
    assert loose not in listed(login(centre_admin).get(AUDIT))


def test_audit_filters(login: Login, cadre_a: User, worker: User, tree: dict[str, OrgUnit]) -> None:
    services.membership_grant(actor=cadre_a, user=worker, unit=tree["room_a1r"], role=Role.BACKBONE)
    client = login(cadre_a)

    by_actor = listed(client.get(AUDIT, {"actor": "CADRE.a@"}))
    assert [e.action for e in by_actor] == ["network.membership.granted"]

    by_action = listed(client.get(AUDIT, {"action": "network.unit."}))
    assert len(by_action) == 4
    assert all(e.action == "network.unit.created" for e in by_action)

    by_unit = listed(client.get(AUDIT, {"unit": str(tree["station_a1"].public_id)}))
    assert {e.unit_path for e in by_unit} == {tree["station_a1"].path, tree["room_a1r"].path}
    assert len(by_unit) == 3  # two units created, one role granted

    old = AuditEntry.objects.get(unit=tree["room_ar"])
    backdate(old, days=10)
    today = clock.today()
    recent = listed(client.get(AUDIT, {"date_from": (today - timedelta(days=1)).isoformat()}))
    assert old not in recent and len(recent) == 4
    earlier = listed(client.get(AUDIT, {"date_to": (today - timedelta(days=5)).isoformat()}))
    assert earlier == [old]


def test_dates_the_wrong_way_round_are_a_form_error(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).get(AUDIT, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors
    assert listed(response) == []


def test_filtering_by_a_unit_outside_the_reach_is_not_found(
    login: Login, cadre_b: User, tree: dict[str, OrgUnit]
) -> None:
    client = login(cadre_b)
    assert client.get(AUDIT, {"unit": str(tree["station_a1"].public_id)}).status_code == 404
    assert client.get(AUDIT, {"unit": "not-a-uuid"}).status_code == 404


def test_the_audit_log_is_paginated_and_read_only(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    for number in range(60):
        audit.record(actor=centre_admin, action=f"network.test.{number}", unit=tree["centre"])
    client = login(centre_admin)
    first = client.get(AUDIT)
    assert len(listed(first)) == 50
    assert first.context["page"].paginator.count == 60 + 7
    second = client.get(AUDIT, {"action": "network.test", "page": 2})
    assert len(listed(second)) == 10
    assert "action=network.test" in first.content.decode() or second.status_code == 200
    assert client.post(AUDIT).status_code == 405


@pytest.mark.parametrize("persona", ["counsellor_a", "analyst"])
def test_people_without_the_permission_get_not_found(
    login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    assert login(request.getfixturevalue(persona)).get(AUDIT).status_code == 404


def test_workers_are_sent_to_sign_in(login: Login, worker: User) -> None:
    assert login(worker).get(AUDIT).status_code == 302
    assert login(worker).get(COVERAGE).status_code == 302


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("where", ["own", "sibling"])
def test_audit_page_by_role_and_subtree(
    login: Login, tree: dict[str, OrgUnit], role: str, where: str
) -> None:
    user = factories.staff(f"{role}@example.com", role, tree["district_a"])
    target = tree["station_a1"] if where == "own" else tree["station_b1"]
    response = login(user).get(AUDIT, {"unit": str(target.public_id)})
    allowed = where == "own" and role in access.ROLE_PERMS[access.Perm.VIEW_AUDIT]
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert {e.unit_path for e in listed(response)} == {target.path, tree["room_a1r"].path}


@pytest.mark.parametrize("extra", [0, 60])
def test_audit_page_query_budget(
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(extra):
        audit.record(actor=cadre_a, action=f"network.test.{number}", unit=tree["station_a1"])
    client = login(cadre_a)
    with django_assert_max_num_queries(9):
        response = client.get(AUDIT, {"unit": str(tree["district_a"].public_id)})
    assert response.context["page"].paginator.count == 4 + extra


# --- coverage --------------------------------------------------------------------------


def test_unit_counts_by_level_and_district(
    login: Login, centre_admin: User, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(centre_admin).get(COVERAGE)
    assert response.status_code == 200
    order = list(Level.values)  # centre, district, station, room
    assert dict(zip(order, response.context["totals"], strict=True)) == {
        "centre": 1,
        "district": 2,
        "station": 2,
        "room": 2,
    }
    rows = {(d.name if d else None): counts for d, counts, _total in response.context["rows"]}
    assert rows == {
        tree["district_a"].name: [0, 1, 1, 2],
        tree["district_b"].name: [0, 1, 1, 0],
        None: [1, 0, 0, 0],
    }

    services.unit_set_active(actor=centre_admin, unit=tree["room_ar"], active=False)
    response = login(cadre_a).get(COVERAGE)
    assert response.context["totals"] == [0, 1, 1, 1]
    assert [d.name for d, _c, _t in response.context["rows"]] == [tree["district_a"].name]


def metres_north(lat: float, metres: float) -> float:
    return lat + metres / METRES_PER_DEGREE


def test_given_points_inside_and_outside_the_circle(
    login: Login, analyst: User, tree: dict[str, OrgUnit]
) -> None:
    """Station A1 at 36.0662,120.3826; the circle is 15 min × 4.8 km/h = 1,200 m."""
    near = f"{metres_north(36.0662, 500):.6f},120.3826"  # 500 m north: inside
    far = f"{metres_north(36.0662, -2000):.6f},120.3826"  # 2 km south: outside all
    response = login(analyst).post(COVERAGE, {"step_m": 500, "points": f"{near}\n\n{far}\n"})
    assert response.status_code == 200
    given = response.context["report"].given
    assert (given.points, given.outside) == (2, 1)
    assert given.covered_percent == 50.0
    assert "50.0 %" in response.content.decode()


def test_a_grid_over_one_district(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    """District B has one station. The box reaches 1,200 m around it and a 500 m grid puts
    points at offsets −1200, −700, −200, 300, 800 m each way: 25 points. Outside the
    1,200 m circle: the whole row and column at −1200 (9 points); every other point lies
    within √(800² + 800²) ≈ 1,131 m.
    """
    response = login(centre_admin).post(
        COVERAGE, {"district": str(tree["district_b"].public_id), "step_m": 500}
    )
    grid = response.context["report"].grid
    assert (grid.result.points, grid.result.outside) == (25, 9)
    assert "64.0 %" in response.content.decode()


def test_a_grid_too_fine_for_the_area_is_a_form_error(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    far = factories.unit("乙区远郊驿站", Level.STATION, tree["district_b"])
    factories.station(far, lat=36.7, lng=120.9)
    response = login(centre_admin).post(COVERAGE, {"step_m": 100})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "step_m" in errors
    assert "at most 10000" in errors["step_m"][0].replace(",", "")
    assert response.context["report"] is None


def test_a_grid_too_fine_is_refused_with_its_api_code() -> None:
    with pytest.raises(selectors.GridTooLarge) as caught:
        selectors.coverage_grid(area=[(36.0, 120.0)], step_m=100, circles=[], max_points=1)
    assert caught.value.code == "grid_too_large"
    assert "step_m" in caught.value.fields


def test_malformed_points_name_the_line(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(centre_admin).post(
        COVERAGE, {"step_m": 500, "points": "36.1,120.3\nsomewhere in town\n36.1\n95,120"}
    )
    errors = response.context["form"].errors["points"]
    assert any("Line 2" in e and "somewhere in town" in e for e in errors)
    assert any("Line 3" in e for e in errors)
    assert any("Line 4" in e and "off the map" in e for e in errors)
    assert response.context["report"] is None


def test_points_accept_a_chinese_comma_and_spaces(
    login: Login, centre_admin: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(centre_admin).post(
        COVERAGE, {"step_m": 500, "points": "36.0662，120.3826\n36.0662 120.3826"}
    )
    assert response.context["report"].given.points == 2


def test_a_district_outside_the_reach_cannot_be_chosen(
    login: Login, cadre_a: User, tree: dict[str, OrgUnit]
) -> None:
    response = login(cadre_a).post(
        COVERAGE, {"district": str(tree["district_b"].public_id), "step_m": 500}
    )
    assert "district" in response.context["form"].errors
    assert response.context["report"] is None


@pytest.mark.parametrize("persona", ["counsellor_a", "cadre_b"])
def test_coverage_needs_the_permission(
    login: Login, persona: str, request: pytest.FixtureRequest
) -> None:
    status = login(request.getfixturevalue(persona)).get(COVERAGE).status_code
    assert status == (404 if persona == "counsellor_a" else 200)


@pytest.mark.parametrize("extra", [0, 30])
def test_coverage_page_query_budget(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(extra):
        unit = factories.unit(f"加测驿站 {number}", Level.STATION, tree["district_a"])
        factories.station(unit, lat=36.0 + number / 1000, lng=120.38)
    client = login(centre_admin)
    with django_assert_max_num_queries(10):
        client.get(COVERAGE)
    with django_assert_max_num_queries(12):
        response = client.post(COVERAGE, {"step_m": 1000, "points": "36.0662,120.3826"})
    assert response.context["report"].grid is not None


# --- the staff home --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "audit_link", "coverage_link"),
    [
        ("cadre_a", True, True),
        ("analyst", False, True),
        ("counsellor_a", False, False),
        ("city_admin", True, True),
    ],
)
def test_staff_home_links_follow_the_permissions(
    login: Login,
    tree: dict[str, OrgUnit],
    persona: str,
    audit_link: bool,
    coverage_link: bool,
    request: pytest.FixtureRequest,
) -> None:
    html = login(request.getfixturevalue(persona)).get(reverse("staff:home")).content.decode()
    assert (f'href="{AUDIT}"' in html) is audit_link
    assert (f'href="{COVERAGE}"' in html) is coverage_link
