"""The factories build what the services would: real tree paths, working keys and logins."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from network import access, services
from network.models import Level, OrgUnit, Role
from tests.accounts.factories import PASSWORD, StaffFactory, UserFactory
from tests.network.factories import (
    CentreFactory,
    DistrictFactory,
    MembershipFactory,
    PartnerAppFactory,
    PractitionerProfileFactory,
    RoomFactory,
    StationFactory,
    StationProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_a_room_brings_its_station_district_and_the_one_centre() -> None:
    room = RoomFactory.create()
    station = room.parent
    assert station is not None and station.level == Level.STATION
    district = station.parent
    assert district is not None and district.level == Level.DISTRICT
    assert district.parent == CentreFactory.create()  # the root is reused, never a second
    assert room.path.startswith(station.path) and station.path.startswith(district.path)
    assert OrgUnit.objects.filter(parent__isnull=True).count() == 1


def test_a_membership_reaches_its_units_subtree_only() -> None:
    district, other = DistrictFactory.create(), DistrictFactory.create()
    station = StationFactory.create(parent=district)
    membership = MembershipFactory.create(unit=district, role=Role.UNIT_ADMIN)
    assert access.can(membership.user, access.Perm.MANAGE_UNITS, station)
    assert not access.can(membership.user, access.Perm.MANAGE_UNITS, other)


def test_people_sign_in_with_the_suite_password(client: Client) -> None:
    worker = UserFactory.create(email="wang@example.com")
    assert worker.username == "wang" and worker.emailaddress_set.get().verified
    assert client.login(username="wang", password=PASSWORD)
    staff = StaffFactory.create()
    assert staff.is_staff and staff.authenticator_set.exists()  # TOTP set up
    assert not StaffFactory.create(totp=False).authenticator_set.exists()


def test_a_station_profile_with_services_and_hours() -> None:
    profile = StationProfileFactory.create(
        services_offered=("counselling",), hours=((0, time(9), time(17)),)
    )
    assert profile.unit.level == Level.STATION
    assert list(profile.services.values_list("service", flat=True)) == ["counselling"]
    assert profile.opening_rules.count() == 1


def test_a_partner_apps_plain_key_authenticates_it() -> None:
    app = PartnerAppFactory.create()
    assert services.partner_app_for_key(app.plain_key) == app  # type: ignore[attr-defined]


def test_a_practitioner_profile_is_public_by_default() -> None:
    profile = PractitionerProfileFactory.create()
    assert profile.is_public and profile.user.is_staff
