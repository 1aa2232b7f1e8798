"""The partner API's QR sign-in and feedback: the portal's rules over JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
import yaml
from django.test import Client
from django.urls import reverse

from assessments.models import CallbackRequest
from courses import services
from courses.models import Feedback, Lecture, SignIn, SignInChannel
from tests.courses.conftest import LECTURE_START
from tests.network.factories import PartnerAppFactory

pytestmark = pytest.mark.django_db

DURING = LECTURE_START - timedelta(minutes=10)
AFTER = LECTURE_START + timedelta(minutes=100)


@pytest.fixture
def partner(tree: dict) -> Any:
    return PartnerAppFactory(scopes=[])


def api(client: Client, partner: Any) -> Client:
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {partner.plain_key}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(lecture: Lecture, what: str = "sign-in") -> str:
    name = "api-lecture-sign-in" if what == "sign-in" else "api-lecture-feedback"
    return reverse(name, kwargs={"public_id": lecture.public_id})


def body(**extra: Any) -> dict[str, Any]:
    return {"identity": "王芳", "unit_name": "青岛港集团", "nonce": "mini-nonce-01", **extra}


@time_machine.travel(DURING, tick=False)
def test_open_then_sign_in_with_the_ticket_and_a_retry_counts_once(
    client: Client, partner: Any, lecture: Lecture
) -> None:
    c = api(client, partner)
    opened = c.get(url(lecture), {"code": services.rotating_code(lecture), "device": "openid-1"})
    assert opened.status_code == 200
    data = opened.json()
    assert data["topic"] == "职场压力识别与应对" and data["identity"] == "name"
    assert data["sign_in_open"] is True
    with time_machine.travel(DURING + timedelta(minutes=2), tick=False):
        first = c.post(
            url(lecture),
            body(ticket=data["ticket"], device="openid-1"),
            content_type="application/json",
        )
        again = c.post(
            url(lecture),
            body(ticket=data["ticket"], device="openid-1"),
            content_type="application/json",
        )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["created"] is True and again.json()["created"] is False
    row = SignIn.objects.get()
    assert row.channel == SignInChannel.API and row.partner_app == partner


@time_machine.travel(DURING, tick=False)
def test_an_expired_code_is_refused_with_its_code(
    client: Client, partner: Any, lecture: Lecture
) -> None:
    old = services.rotating_code(lecture, at=DURING - timedelta(minutes=2))
    response = api(client, partner).post(
        url(lecture), body(code=old), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "sign_in_code_expired"
    assert not SignIn.objects.exists()


@time_machine.travel(DURING, tick=False)
def test_the_same_phone_twice_is_a_409(client: Client, partner: Any, lecture: Lecture) -> None:
    c = api(client, partner)
    code = services.rotating_code(lecture)
    c.post(url(lecture), body(code=code, device="openid-1"), content_type="application/json")
    second = c.post(
        url(lecture),
        body(code=code, device="openid-1", identity="李娜", nonce="mini-nonce-02"),
        content_type="application/json",
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "sign_in_duplicate_device"
    assert SignIn.objects.count() == 1


def test_outside_the_window_is_a_409(client: Client, partner: Any, lecture: Lecture) -> None:
    with time_machine.travel(LECTURE_START + timedelta(hours=3), tick=False):
        response = api(client, partner).post(
            url(lecture), body(code=services.poster_code(lecture)), content_type="application/json"
        )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "sign_in_closed"


@time_machine.travel(DURING, tick=False)
def test_anonymous_callers_and_unknown_lectures_are_refused(
    client: Client, partner: Any, lecture: Lecture
) -> None:
    anonymous = client.post(
        url(lecture), body(code=services.poster_code(lecture)), content_type="application/json"
    )
    assert anonymous.status_code in (401, 403)
    c = api(client, partner)
    missing = reverse(
        "api-lecture-sign-in", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert c.post(missing, body(code="p.x"), content_type="application/json").status_code == 404
    assert not SignIn.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_feedback_with_a_contact_request_reaches_the_call_back_queue(
    client: Client, partner: Any, lecture: Lecture
) -> None:
    c = api(client, partner)
    payload = {
        "code": services.feedback_code(lecture),
        "device": "openid-1",
        "nonce": "mini-fb-0001",
        "rating": 5,
        "usefulness": "very",
        "wants_next": "stress",
        "contact_requested": True,
        "contact_phone": "13912345678",
        "consent": True,
    }
    first = c.post(url(lecture, "feedback"), payload, content_type="application/json")
    again = c.post(url(lecture, "feedback"), payload, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Feedback.objects.count() == 1 and CallbackRequest.objects.count() == 1
    bad = c.post(
        url(lecture, "feedback"),
        {**payload, "nonce": "mini-fb-0002", "device": "openid-2", "rating": 9},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "rating" in bad.json()["error"]["fields"]


def test_the_endpoints_are_in_the_schema(client: Client) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    paths = spec["paths"]
    assert "/api/v1/lectures/{public_id}/sign-in/" in paths
    assert "/api/v1/lectures/{public_id}/feedback/" in paths
