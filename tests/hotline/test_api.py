"""The hotline's partner API: scopes, drafts for the operator on duty, nothing sensitive back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from hotline.models import Call, CallerProfile, CallSource, CallStatus, ContactRequest, Line
from network import services as network_services
from network.models import OrgUnit, Scope
from tests.network import factories

pytestmark = pytest.mark.usefixtures("on_duty_now")

CALLS = "/api/v1/hotline/calls/"
CONTACTS = "/api/v1/hotline/contact-requests/"
SENSITIVE = ("13912345678", "+86", "欠薪", "summary", "operator", "number", "op.one")


def key(*scopes: str, unit: OrgUnit | None = None) -> dict[str, str]:
    _app, plain = network_services.partner_app_create(
        actor=factories.superuser(), name="呼叫中心", scopes=list(scopes), unit=unit
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client: Client, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_switchboard_makes_a_draft_for_the_operator_on_duty(
    client: Client, line: Line, operator: User
) -> None:
    response = post(
        client,
        CALLS,
        {"channel": "phone", "caller_number": "139 1234 5678"},
        key(Scope.HOTLINE_LOG),
    )
    assert response.status_code == 201, response.content
    call = Call.objects.get()
    assert call.operator == operator and call.status == CallStatus.DRAFT
    assert call.source == CallSource.API and call.caller is not None
    assert CallerProfile.objects.count() == 1
    body = response.content.decode()
    assert set(response.json()) == {"id", "status", "started_at", "channel", "assigned"}
    assert not any(word in body for word in SENSITIVE)


def test_calls_need_the_log_scope(client: Client, line: Line) -> None:
    response = post(client, CALLS, {"channel": "phone"}, key(Scope.HOTLINE_CONTACT))
    assert response.status_code == 403 and response.json()["error"]["code"] == "scope_missing"
    assert post(client, CALLS, {"channel": "phone"}, {}).status_code in (401, 403)
    assert not Call.objects.exists()


def test_a_bad_call_is_refused(client: Client, line: Line) -> None:
    headers = key(Scope.HOTLINE_LOG)
    assert post(client, CALLS, {"channel": "fax"}, headers).status_code == 400
    assert post(client, CALLS, {"caller_number": "123"}, headers).status_code == 400
    late = post(client, CALLS, {"started_at": "2026-06-11T10:00:00+08:00"}, headers)
    assert late.status_code == 400
    assert not Call.objects.exists() and not CallerProfile.objects.exists()


def test_a_partner_app_asks_for_contact(client: Client, line: Line) -> None:
    body = {"summary": "欠薪，情绪很差", "phone": "13912345678", "risk": "high", "reference": "r1"}
    headers = key(Scope.HOTLINE_CONTACT)
    response = post(client, CONTACTS, body, headers)
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"id", "status", "risk", "created_at"}
    assert not any(word in response.content.decode() for word in SENSITIVE)
    queued = ContactRequest.objects.get()
    assert queued.source == "partner" and queued.due_at is not None
    # The same reference again updates the waiting request.
    assert post(client, CONTACTS, {**body, "summary": "更新"}, headers).status_code == 201
    assert ContactRequest.objects.get().summary == "更新"


def test_contact_requests_need_the_contact_scope(client: Client, line: Line) -> None:
    response = post(client, CONTACTS, {"summary": "x"}, key(Scope.HOTLINE_LOG))
    assert response.status_code == 403
    assert post(client, CONTACTS, {"summary": " "}, key(Scope.HOTLINE_CONTACT)).status_code == 400
    assert not ContactRequest.objects.exists()


def test_no_line_for_the_partners_unit_is_a_clear_refusal(
    client: Client, tree: dict[str, OrgUnit], other_line: Line
) -> None:
    Line.objects.filter(unit=tree["centre"]).update(is_active=False)
    response = post(
        client, CONTACTS, {"summary": "x"}, key(Scope.HOTLINE_CONTACT, unit=tree["district_a"])
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "no_line"
