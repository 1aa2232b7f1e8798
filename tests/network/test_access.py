"""`units_visible_to` and the permission layer: subtree reach, never a sibling's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.errors import DomainError
from network import access, services
from network.models import Level, Membership, OrgUnit, Role
from tests.conftest import make_user
from tests.network import factories

pytestmark = pytest.mark.django_db


def test_a_role_reaches_its_whole_subtree_and_no_sibling(
    tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    visible = set(access.units_visible_to(cadre_a))
    assert visible == {
        tree["district_a"],
        tree["station_a1"],
        tree["room_a1r"],
        tree["room_ar"],
    }
    assert access.can(cadre_a, access.Perm.MANAGE_UNITS, tree["room_a1r"])
    assert not access.can(cadre_a, access.Perm.MANAGE_UNITS, tree["station_b1"])
    assert not access.can(cadre_a, access.Perm.VIEW_UNITS, tree["centre"])


def test_a_cadre_in_two_districts_sees_both(tree: dict[str, OrgUnit], cadre_a: User) -> None:
    Membership.objects.create(user=cadre_a, unit=tree["district_b"], role=Role.UNIT_ADMIN)
    fresh = User.objects.get(pk=cadre_a.pk)
    assert set(access.units_visible_to(fresh)) >= {tree["station_a1"], tree["station_b1"]}
    assert tree["centre"] not in set(access.units_visible_to(fresh))


def test_workers_and_strangers_see_no_units(tree: dict[str, OrgUnit], worker: User) -> None:
    assert not access.units_visible_to(worker).exists()


@pytest.mark.parametrize("nobody", [AnonymousUser(), None], ids=["anonymous", "none"])
def test_an_anonymous_visitor_or_nobody_reaches_and_grants_nothing(
    tree: dict[str, OrgUnit], nobody: AnonymousUser | None
) -> None:
    assert access.memberships(nobody) == []
    assert access.reach_prefixes(nobody, access.Perm.MANAGE_UNITS) == []
    assert not access.units_visible_to(nobody).exists()
    assert not access.can(nobody, access.Perm.VIEW_UNITS, tree["centre"])
    assert access.grantable_roles(nobody, tree["centre"]) == frozenset()
    assert access.grantable_roles_anywhere(nobody) == frozenset()


def test_roles_carry_only_their_permissions(
    tree: dict[str, OrgUnit], counsellor_a: User, analyst: User
) -> None:
    assert access.can(counsellor_a, access.Perm.VIEW_UNITS, tree["station_a1"])
    assert not access.can(counsellor_a, access.Perm.MANAGE_UNITS, tree["station_a1"])
    assert not access.can(counsellor_a, access.Perm.VIEW_AUDIT, tree["station_a1"])
    assert access.can(analyst, access.Perm.VIEW_COVERAGE, tree["district_b"])
    assert not access.can(analyst, access.Perm.VIEW_AUDIT, tree["district_b"])


@pytest.mark.parametrize("extra_units", [0, 200])
def test_units_visible_to_costs_two_queries_whatever_the_tree_size(
    tree: dict[str, OrgUnit], extra_units: int
) -> None:
    for i in range(extra_units):
        factories.unit(f"服务室{i}", Level.ROOM, tree["station_a1" if i % 2 else "station_b1"])
    user = make_user("multi@example.com", staff=True)
    for key in ("district_a", "station_b1", "room_a1r"):
        Membership.objects.create(user=user, unit=tree[key], role=Role.COUNSELLOR)
    with CaptureQueriesContext(connection) as queries:
        units = list(access.units_visible_to(user))
    assert len(queries) == 2  # memberships, then the units
    assert len(units) == 4 + 1 + extra_units


def test_a_district_admin_cannot_grant_a_role_above_its_own(
    tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    other = make_user("someone@example.com")
    with pytest.raises(DomainError) as caught:
        services.membership_grant(
            actor=cadre_a, user=other, unit=tree["centre"], role=Role.CENTRE_ADMIN
        )
    assert caught.value.code in {"not_found", "role_above_own"}
    with pytest.raises(DomainError) as caught:
        services.membership_grant(
            actor=cadre_a, user=other, unit=tree["district_a"], role=Role.CENTRE_ADMIN
        )
    assert caught.value.code == "role_above_own"
    membership = services.membership_grant(
        actor=cadre_a, user=other, unit=tree["station_a1"], role=Role.COUNSELLOR
    )
    other.refresh_from_db()
    assert membership.granted_by == cadre_a
    assert other.is_staff
    assert not Membership.objects.filter(user=other, role=Role.CENTRE_ADMIN).exists()
