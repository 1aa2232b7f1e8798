"""The REST API's shared parts: schema, docs, health, one error format."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(client: Client) -> None:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert "/api/v1/health/" in spec["paths"]


def test_docs_page_loads_without_a_cdn(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert "cdn." not in html


def test_health_reports_every_component(client: Client) -> None:
    response = client.get("/api/v1/health/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["components"]) == {"database", "cache", "broker"}
    assert all(part["status"] == "ok" for part in body["components"].values())


def test_health_reports_a_broken_component_with_503(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import health

    def broken() -> dict[str, str]:
        raise ConnectionError("down")

    monkeypatch.setattr(health, "_cache", broken)
    response = client.get("/api/v1/health/")
    assert response.status_code == 503
    assert response.json()["components"]["cache"] == {
        "status": "error",
        "error": "ConnectionError",
        "ms": response.json()["components"]["cache"]["ms"],
    }


@pytest.mark.parametrize(("language", "expected"), [("en", "not allowed"), ("zh-hans", "不被允许")])
def test_errors_share_one_format_in_the_request_language(
    client: Client, language: str, expected: str
) -> None:
    response = client.post("/api/v1/health/", HTTP_ACCEPT_LANGUAGE=language)
    error = response.json()["error"]
    assert response.status_code == 405
    assert error["code"] == "method_not_allowed"
    assert expected in error["message"]
    assert error["fields"] == {}


def test_validation_errors_carry_field_details() -> None:
    from rest_framework import serializers

    from core.api.errors import exception_handler

    class Input(serializers.Serializer):
        name = serializers.CharField()

    form = Input(data={})
    assert not form.is_valid()
    response = exception_handler(serializers.ValidationError(form.errors), {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["error"]["code"] == "validation_error"
    assert list(response.data["error"]["fields"]) == ["name"]


def test_domain_errors_map_to_their_status() -> None:
    from core.api.errors import exception_handler
    from core.errors import Conflict

    response = exception_handler(Conflict(code="slot_taken"), {})
    assert response is not None
    assert response.status_code == 409
    assert response.data["error"]["code"] == "slot_taken"
