"""The staff site's own layout: staff navigation (each role its own pages), not the portal's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from core import views
from network.models import OrgUnit
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

AUDIT = reverse("staff:network:audit")
COVERAGE = reverse("staff:network:coverage")
DAY = reverse("staff:appointments:day")
MINE = reverse("appointments:mine")
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def html(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def staff_nav(page: str) -> str:
    start = page.index("data-staff-nav")
    return page[start : page.index("</nav>", start)]


def nav_links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', staff_nav(page)))


@pytest.mark.parametrize(
    ("persona", "url"),
    [("counsellor_a", "/staff/"), ("counsellor_a", DAY), ("centre_admin", AUDIT)],
)
def test_a_staff_page_has_the_staff_layout_and_not_the_portal_navigation(
    client: Client, persona: str, url: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    client.force_login(user)
    page = html(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "工作人员站点" in page  # the "staff site" mark
    assert 'class="site-nav"' not in page
    assert f'href="{MINE}"' not in page and "我的预约" not in page
    assert f'href="{reverse("network:station_list")}"' not in page
    assert reverse("staff:home") in nav_links(page)
    assert user.display_name in page
    assert f'href="{reverse("account_logout")}"' in page
    assert f'action="{reverse("set_language")}"' in page
    assert settings.HOTLINE_NUMBER in page[page.index('class="site-footer"') :]


def test_the_portal_keeps_its_own_navigation(client: Client, counsellor_a: User) -> None:
    client.force_login(counsellor_a)
    page = html(client.get("/"))
    assert 'class="site-nav"' in page and "data-staff-nav" not in page


def test_a_counsellors_nav_lists_their_pages_and_not_the_audit_or_admin_pages(
    login: Login, counsellor_a: User
) -> None:
    links = nav_links(html(login(counsellor_a).get(DAY)))
    assert DAY in links
    assert AUDIT not in links and COVERAGE not in links


def test_a_centre_admins_nav_lists_the_audit_and_coverage_pages(
    login: Login, centre_admin: User
) -> None:
    links = nav_links(html(login(centre_admin).get(AUDIT)))
    assert {AUDIT, COVERAGE} <= links
    assert DAY not in links  # not a counsellor


def test_the_nav_and_the_staff_home_cards_are_one_list(login: Login, centre_admin: User) -> None:
    page = html(login(centre_admin).get("/staff/"))
    cards = set(re.findall(r'<li class="card"><a href="([^"]+)"', page))
    expected = {link.url for link in views.staff_links(centre_admin)}
    assert expected and expected <= cards and expected <= nav_links(page)


def test_the_staff_home_works_out_the_links_once_and_keeps_its_query_budget(
    login: Login,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    original = views.staff_links

    def counting(user: Any) -> list[views.StaffLink]:
        calls.append(user)
        return original(user)

    monkeypatch.setattr(views, "staff_links", counting)
    client = login(centre_admin)
    with CaptureQueriesContext(connection) as queries:
        html(client.get("/staff/"))
    assert len(calls) == 1  # the cards and the nav share it
    # Session, user, TOTP check, memberships: the same four reads as before the layout.
    assert len(queries) == 4, [q["sql"] for q in queries]


def test_every_staff_page_template_extends_the_staff_layout() -> None:
    pages = [
        *TEMPLATES.glob("*/staff/**/*.html"),
        TEMPLATES / "core" / "staff_home.html",
        *(TEMPLATES / "assessments" / "campaigns").glob("*.html"),
    ]
    portal = {"join.html", "join_missing.html"}  # the poster's link: a worker's page
    for path in pages:
        if path.name.startswith("_") or path.name in portal:
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == '{% extends "staff/base.html" %}', path
