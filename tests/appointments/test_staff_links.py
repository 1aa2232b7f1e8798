"""The staff home offers each role the appointments pages it may open, and no others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from network.models import OrgUnit, Role
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

DAY = "/staff/appointments/"
CASES = "/staff/appointments/cases/"
OVERDUE = "/staff/appointments/cases/overdue/"
STATIONS = "/staff/appointments/stations/"
PODS = "/staff/appointments/pods/"


def links(login: Login, user: User) -> set[str]:
    page = login(user).get(reverse("staff:home")).content.decode()
    return {url for url in (DAY, CASES, OVERDUE, STATIONS, PODS) if f'href="{url}"' in page}


def test_a_counsellor_gets_the_day_cases_and_overdue_follow_ups(
    login: Login, counsellor_a: User
) -> None:
    assert links(login, counsellor_a) == {DAY, CASES, OVERDUE}


def test_a_station_lead_gets_calendars_overdue_and_pods_but_no_cases(
    login: Login, tree: dict[str, OrgUnit]
) -> None:
    lead = factories.staff("lead@example.com", Role.UNIT_ADMIN, tree["station_a1"])
    assert links(login, lead) == {OVERDUE, STATIONS, PODS}


def test_a_clinical_supervisor_gets_cases_calendars_and_overdue(
    login: Login, tree: dict[str, OrgUnit]
) -> None:
    supervisor = factories.staff("sup@example.com", Role.CLINICAL_SUPERVISOR, tree["district_a"])
    assert links(login, supervisor) == {CASES, OVERDUE, STATIONS}


def test_an_analyst_and_an_emotion_regulator_get_only_their_pages(
    login: Login, analyst: User, tree: dict[str, OrgUnit]
) -> None:
    assert links(login, analyst) == set()
    regulator = factories.staff("reg@example.com", Role.EMOTION_REGULATOR, tree["station_a1"])
    assert links(login, regulator) == {PODS}


def test_a_superuser_without_a_membership_is_not_offered_cases(
    login: Login, city_admin: User
) -> None:
    assert CASES not in links(login, city_admin)
