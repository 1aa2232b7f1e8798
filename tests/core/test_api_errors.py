"""Bad bodies and unexpected errors answer in the API's one error shape, never a bare 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from network import services as network_services
from network.models import OrgUnit, Scope
from tests.network import factories

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/assessments/"


@pytest.fixture
def api(client: Client, tree: dict[str, OrgUnit]) -> Client:
    _, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT], unit=None
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_deeply_nested_json_is_a_parse_error(api: Client) -> None:
    response = api.post(SUBMIT, "[" * 5000, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_nesting_inside_strings_does_not_count(api: Client) -> None:
    body = '{"instrument": "' + "[" * 100 + '"}'
    response = api.post(SUBMIT, body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_error"


def test_invalid_utf8_is_a_parse_error(api: Client) -> None:
    response = api.post(SUBMIT, b'{"instrument": "\xff\xfe"}', content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_an_oversized_body_is_a_413_in_the_error_shape(api: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"instrument": "' + "x" * 2000 + '"}'
    response = api.post(SUBMIT, body, content_type="application/json")
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_an_unexpected_error_in_a_view_is_a_500_in_the_error_shape(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr("core.api.views.check_all", broken)
    response = client.get("/api/v1/health/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_an_error_outside_the_api_views_is_a_json_500_under_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.api.views import HealthView

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(HealthView, "dispatch", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/health/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "server_error"
