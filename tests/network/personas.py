"""Network personas: a city admin, a district A cadre, the outsider of district B…"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from django.test import Client

from accounts.models import User
from network.models import OrgUnit, Role, ServiceKind
from tests.network import factories


@pytest.fixture
def tree(db: None) -> dict[str, OrgUnit]:
    units = factories.small_tree()
    factories.station(
        units["station_a1"],
        lat=36.0662,
        lng=120.3826,
        services_offered=(ServiceKind.COUNSELLING, ServiceKind.ASSESSMENT),
        hours=tuple((d, time(9), time(17)) for d in range(5)),
        phone="0532-80000001",
    )
    factories.station(
        units["station_b1"],
        lat=36.1453,
        lng=120.4320,
        services_offered=(ServiceKind.COUNSELLING,),
        open_24h=True,
    )
    factories.station(units["room_ar"], lat=36.0700, lng=120.3900)
    return units


@pytest.fixture
def centre_admin(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("centre.admin@example.com", Role.CENTRE_ADMIN, tree["centre"])


@pytest.fixture
def cadre_a(tree: dict[str, OrgUnit]) -> User:
    """A unit administrator of district A."""
    return factories.staff("cadre.a@example.com", Role.UNIT_ADMIN, tree["district_a"])


@pytest.fixture
def cadre_b(tree: dict[str, OrgUnit]) -> User:
    """The outsider: a unit administrator of district B."""
    return factories.staff("cadre.b@example.com", Role.UNIT_ADMIN, tree["district_b"])


@pytest.fixture
def counsellor_a(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("counsellor.a@example.com", Role.COUNSELLOR, tree["station_a1"])


@pytest.fixture
def analyst(tree: dict[str, OrgUnit]) -> User:
    return factories.staff("analyst@example.com", Role.ANALYST, tree["centre"])


ALL_ROLES = list(Role.values)

Login = Callable[[User], Client]


@pytest.fixture
def login(client: Client) -> Login:
    """Log a persona in (all staff personas have TOTP), with English pages for stable texts."""

    def _login(user: User) -> Client:
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return _login
