"""Workers are led to what exists: booking links, tappable cards, "my bookings", ?next=, favicon."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import services as assessment_services
from assessments.models import InstrumentVersion
from network.models import OrgUnit
from tests.assessments.portal import grant_access, result_url
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Texts that promised features which now exist (or told workers to wait).
PLACEHOLDERS = (
    "coming soon",
    "will open",
    "opens with the appointments service",
    "will be listed here",
    "即将上线",
    "敬请期待",
    "开通后",
)


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_station_page_links_to_its_free_slots_and_pods(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    station = tree["station_a1"]
    page = html(client.get(reverse("network:station_detail", args=[station.public_id])))
    slots = f"{reverse('appointments:slot_list')}?station={station.public_id}"
    pods = f"{reverse('appointments:pod_list')}?station={station.public_id}"
    assert f'href="{slots}"' in page
    assert f'href="{pods}"' in page
    assert "即将上线" not in page
    # The link really lists that station's times (the filter accepts the id).
    assert client.get(slots).context["form"].is_valid()


def _risky_result(client: Client, district: OrgUnit | None) -> str:
    assessment_services.instrument_load_files()
    submission, _code = assessment_services.submission_create(
        actor=None,
        instrument_code="phq9",
        answers=[0] * 8 + [2],
        language="zh-hans",
        demographics=assessment_services.Demographics(district=district),
    )
    grant_access(client, submission)
    return html(client.get(result_url(submission)))


def test_the_crisis_result_links_to_booking_near_the_workers_district(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    page = _risky_result(client, tree["district_b"])
    booking = f"{reverse('appointments:slot_list')}?from_district={tree['district_b'].public_id}"
    crisis = page[page.index('id="crisis"') : page.index("data-score")]
    assert f'href="{booking}"' in crisis
    next_steps = page[page.index('class="next-steps"') :]
    assert f'href="{booking}"' in next_steps
    assert "预约服务开通后" not in page and "课程服务开通后" not in page


def test_a_result_without_a_district_links_to_the_booking_page(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    page = _risky_result(client, None)
    crisis = page[page.index('id="crisis"') : page.index("data-score")]
    assert f'href="{reverse("appointments:slot_list")}"' in crisis


def test_no_template_or_message_promises_a_feature_that_exists() -> None:
    roots = [Path(settings.BASE_DIR) / "templates"]
    texts = [p.read_text() for root in roots for p in root.rglob("*.html")]
    catalogue = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"
    for text in texts:
        for placeholder in PLACEHOLDERS:
            assert placeholder not in text.lower(), placeholder
    # The catalogue keeps old entries; what matters is no template uses them (above).
    assert catalogue.exists()


def test_the_home_page_cards_are_links_and_the_course_card_opens_the_catalogue(
    client: Client,
) -> None:
    page = html(client.get("/"))
    cards = re.findall(r'<li class="card">(.*?)</li>', page, flags=re.S)
    assert len(cards) == 8
    for card in cards:
        assert card.strip().startswith('<a class="card-link" href="')
    targets = {reverse("assessments:index"), reverse("appointments:slot_list")}
    targets |= {reverse("network:station_list"), reverse("courses:catalogue")}
    targets |= {reverse("learning:this_month"), reverse("learning:contests")}
    targets |= {reverse("learning:training"), reverse("learning:exams")}
    assert {re.search(r'href="([^"]+)"', c).group(1) for c in cards} == targets  # type: ignore[union-attr]
    assert "点单" not in page  # ordering a course is for unions' staff, not in the portal


def test_the_signed_in_navigation_has_my_bookings(client: Client, worker: User) -> None:
    client.force_login(worker)
    page = html(client.get("/"))
    nav = page[page.index('class="site-nav"') : page.index("</nav>")]
    assert f'href="{reverse("appointments:mine")}"' in nav
    assert "我的预约" in nav


def test_sign_in_returns_the_worker_to_the_page_they_were_on(
    client: Client, worker: User, tree: dict[str, OrgUnit]
) -> None:
    here = reverse("network:station_detail", args=[tree["station_a1"].public_id])
    page = html(client.get(here))
    login_url = f"{reverse('account_login')}?next={quote(here)}"
    assert f'href="{login_url}"' in page, re.findall(r'href="/accounts/login[^"]*"', page)
    response = client.post(login_url, {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == here


def test_the_login_page_does_not_send_the_worker_back_to_itself(client: Client) -> None:
    page = html(client.get(reverse("account_login")))
    assert "?next=/accounts" not in page


def test_the_favicon_is_referenced_and_served(client: Client) -> None:
    page = html(client.get("/"))
    assert re.search(r'<link rel="icon" href="[^"]*favicon', page)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == (  # type: ignore[attr-defined]
        b"\x00\x00\x01\x00"
    )


def test_recommendations_do_not_send_workers_to_courses_the_portal_lacks() -> None:
    # Courses are ordered by unions, not booked by workers in the portal (yet).
    assessment_services.instrument_load_files()
    for version in InstrumentVersion.objects.all():
        text = str(version.definition).lower()
        assert "course" not in text and "课程" not in text, version
