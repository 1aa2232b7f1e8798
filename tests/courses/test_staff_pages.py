"""Staff pages of the catalogue: who may open them, inactive topics, the nav link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from courses.models import Category
from tests.courses.conftest import Catalogue
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

LIST = reverse("staff:courses:catalogue")
EXPORT = reverse("staff:courses:catalogue_export")
IMPORT = reverse("staff:courses:catalogue_import")


def test_a_district_cadre_sees_inactive_topics_on_the_staff_list(
    login: Login, cadre_a: User, catalogue: Catalogue
) -> None:
    client = login(cadre_a)
    page = client.get(LIST).content.decode()
    assert "情绪日记：记录与成长" in page  # inactive, still listed for staff
    assert "5 topics found" in page
    assert "隐藏专家" in page  # staff see every expert
    inactive = client.get(LIST, {"status": "inactive"}).content.decode()
    assert "情绪日记" in inactive and "职场压力识别与应对" not in inactive
    active = client.get(LIST, {"status": "active", "category": Category.STRESS}).content.decode()
    assert "职场压力识别与应对" in active and "情绪日记" not in active


def test_the_staff_list_searches_like_the_portal(
    login: Login, expert_staff: User, catalogue: Catalogue
) -> None:
    page = login(expert_staff).get(LIST, {"q": "情绪日记"}).content.decode()
    assert "1 topic found" in page
    assert "QX-027" in page


def test_a_district_cadre_may_export_but_not_import(
    login: Login, cadre_a: User, catalogue: Catalogue
) -> None:
    client = login(cadre_a)
    page = client.get(LIST).content.decode()
    assert "data-export" in page and "data-import" not in page
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert client.get(IMPORT).status_code == 404


def test_centre_level_staff_may_import(
    login: Login, centre_admin: User, centre_unit_admin: User, catalogue: Catalogue
) -> None:
    for user in (centre_admin, centre_unit_admin):
        client = login(user)
        assert "data-import" in client.get(LIST).content.decode()
        assert client.get(IMPORT).status_code == 200


@pytest.mark.parametrize("page", [LIST, EXPORT, IMPORT])
def test_staff_without_a_catalogue_role_are_not_found(
    login: Login, counsellor_a: User, analyst: User, page: str
) -> None:
    for user in (counsellor_a, analyst):
        assert login(user).get(page).status_code == 404


@pytest.mark.parametrize("page", [LIST, EXPORT, IMPORT])
def test_workers_and_anonymous_visitors_are_sent_to_sign_in(
    client: Client, worker: User, page: str
) -> None:
    anonymous = client.get(page)
    assert anonymous.status_code == 302
    client.force_login(worker)
    signed_in = client.get(page)
    assert signed_in.status_code == 302
    assert "login" in signed_in["Location"]


def test_the_staff_navigation_links_the_catalogue_for_those_who_may_open_it(
    login: Login, cadre_a: User, counsellor_a: User
) -> None:
    assert LIST in login(cadre_a).get(reverse("staff:home")).content.decode()
    assert LIST not in login(counsellor_a).get(reverse("staff:home")).content.decode()
