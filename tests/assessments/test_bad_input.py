"""Call-back requests: one open request per submission, a repeat updates it and pages no one
again; a rate limit per submission and per address. Campaign dates have sane bounds."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import throttle
from assessments.models import CallbackRequest, CallbackStatus, Campaign, Submission
from network.models import OrgUnit, Role
from tests.assessments.portal import take
from tests.network import factories
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


@pytest.fixture
def risky(instruments: None, client: Client, tree: dict[str, OrgUnit]) -> Submission:
    factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    response = take(client, "phq9", {"phq9": [0] * 8 + [3]})
    client.get(response["Location"])
    return Submission.objects.get()


def ask(client: Client, submission: Submission, phone: str = "13800138000", **extra: str) -> Any:
    url = reverse("assessments:callback", kwargs={"public_ids": [submission.public_id]})
    data = {"callback-contact_phone": phone, "callback-consent": "on", **extra}
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_repeat_updates_the_open_request_and_sends_no_second_alert(
    risky: Submission, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, risky).status_code == 302
    with django_capture_on_commit_callbacks(execute=True) as again:
        response = ask(client, risky, phone="13900139000", **{"callback-preferred_time": "晚上"})
    assert response.status_code == 302
    assert again == []  # nothing scheduled: the hotline was already alerted
    request = CallbackRequest.objects.get()
    assert (request.contact_phone, request.preferred_time) == ("+8613900139000", "晚上")
    assert len(mail.outbox) == 1


def test_after_the_request_is_closed_a_new_one_is_opened(
    risky: Submission, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, risky)
    CallbackRequest.objects.update(status=CallbackStatus.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, risky).status_code == 302
    assert CallbackRequest.objects.count() == 2
    assert len(mail.outbox) == 2


def test_fifty_three_requests_send_one_alert_and_are_rate_limited(
    risky: Submission, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(53):
            statuses.append(ask(client, risky).status_code)
    assert statuses[: throttle.CALLBACK_ATTEMPTS] == [302] * throttle.CALLBACK_ATTEMPTS
    assert set(statuses[throttle.CALLBACK_ATTEMPTS :]) == {429}
    assert CallbackRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_limit_message_points_to_urgent_help(risky: Submission, client: Client) -> None:
    for _ in range(throttle.CALLBACK_ATTEMPTS):
        ask(client, risky)
    response = ask(client, risky)
    assert response.status_code == 429
    assert "If you are in danger now, call 120 or 110" in response.content.decode()


def test_call_back_contact_fields_refuse_bidi_overrides(risky: Submission, client: Client) -> None:
    response = ask(client, risky, **{"callback-contact_name": "小\u202e王"})
    assert response.status_code == 400
    assert not CallbackRequest.objects.exists()


@time_machine.travel("2026-06-10 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("closes_on", "accepted"),
    [("9999-12-31", False), ("0001-01-01", False), ("2028-07-01", False), ("2026-07-10", True)],
)
def test_campaign_dates_have_sane_bounds(
    instruments: None,
    login: Login,
    cadre_a: User,
    tree: dict[str, OrgUnit],
    closes_on: str,
    accepted: bool,
) -> None:
    data = {
        "unit": str(tree["room_a1r"].public_id),
        "name": "三月测评",
        "instruments": ["phq9"],
        "opens_on": "2026-06-10",
        "closes_on": closes_on,
        "workforce": "80",
    }
    response = login(cadre_a).post(reverse("staff:assessments:campaign_create"), data)
    if accepted:
        assert response.status_code == 302
        assert Campaign.objects.count() == 1
    else:
        assert response.status_code == 400
        assert "Enter a date between" in response.context["form"].errors["closes_on"][0]
        assert not Campaign.objects.exists()


# --- retrieval codes through the API ------------------------------------------------------

REPORT = "/api/v1/assessments/report/"
PDF = "/api/v1/assessments/report/pdf/"


@pytest.fixture
def api(client: Client, tree: dict[str, OrgUnit], instruments: None) -> Client:
    from network import services as network_services
    from network.models import Scope

    _, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT], unit=None
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_api_code_look_ups_are_limited_like_the_portal_form(api: Client) -> None:
    statuses = [
        api.get(REPORT, HTTP_X_RETRIEVAL_CODE=f"WRONG-CODE-{n}").status_code
        for n in range(throttle.CODE_ATTEMPTS)
    ]
    assert set(statuses) == {404}
    for url in (REPORT, PDF):
        refused = api.get(url, HTTP_X_RETRIEVAL_CODE="WRONG-CODE-X")
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "throttled"
        assert int(refused["Retry-After"]) > 0
    posted = api.post(REPORT, {"retrieval_code": "WRONG"}, content_type="application/json")
    assert posted.status_code == 429


def test_the_code_limit_is_per_client(api: Client, tree: dict[str, OrgUnit]) -> None:
    from network import services as network_services
    from network.models import Scope

    for n in range(throttle.CODE_ATTEMPTS + 1):
        api.get(REPORT, HTTP_X_RETRIEVAL_CODE=f"WRONG-{n}")
    _, other_key = network_services.partner_app_create(
        actor=factories.superuser(),
        name="另一个App",
        scopes=[Scope.ASSESSMENTS_SUBMIT],
        unit=None,
    )
    other = Client(HTTP_AUTHORIZATION=f"Bearer {other_key}", REMOTE_ADDR="10.0.0.9")
    assert other.get(REPORT, HTTP_X_RETRIEVAL_CODE="WRONG").status_code == 404


@pytest.mark.parametrize("url", [REPORT, PDF])
def test_a_missing_retrieval_code_header_is_a_400(api: Client, url: str) -> None:
    response = api.get(url)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "X-Retrieval-Code" in error["fields"]
