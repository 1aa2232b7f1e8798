"""The worker portal's first page, the language switch and the staff door."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_home_is_in_simplified_chinese_and_shows_the_hotline(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "12351" in html
    assert "职工服务热线" in html or "热线" in html
    assert 'href="tel:12351"' in html


def test_home_leads_to_every_service_a_worker_can_use(client: Client) -> None:
    html = client.get("/").content.decode()
    for name in ("assessments:index", "appointments:slot_list", "network:station_list"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("courses:catalogue")}"' in html and "送课到单位" in html


def test_home_has_landmarks_and_a_language_switch(client: Client) -> None:
    html = client.get("/").content.decode()
    for landmark in ('role="banner"', "<main", "<nav", 'role="contentinfo"'):
        assert landmark in html
    assert 'name="language" value="en"' in html
    assert 'name="language" value="zh-hans"' in html
    assert "cdn" not in html.lower()


def test_switching_language_changes_the_page(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Care for your mind" in html
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True
    )
    assert "关爱心理" in response.content.decode()


def test_admin_asks_for_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_title_is_translated(client: Client, city_admin: User) -> None:
    client.force_login(city_admin)
    html = client.get("/admin/").content.decode()
    assert "职工心理健康服务网络" in html


def test_staff_without_totp_are_sent_to_set_it_up(client: Client, staff_without_totp: User) -> None:
    client.force_login(staff_without_totp)
    for path in ("/staff/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_reach_the_staff_home(client: Client, city_admin: User) -> None:
    client.force_login(city_admin)
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_workers_do_not_reach_staff_pages(client: Client, worker: User) -> None:
    client.force_login(worker)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_responses_carry_a_content_security_policy(client: Client) -> None:
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_vendored_htmx_is_served_locally(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
