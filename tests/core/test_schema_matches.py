"""Real responses validated against the published OpenAPI schema (OpenAPI 3.0 rules)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.test import Client
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from network.models import OrgUnit

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/"


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _operation(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return item[method]
    raise AssertionError(f"{path} is not in the schema")


def check(spec: dict[str, Any], method: str, path: str, response: Any) -> None:
    """The response's status is documented for the operation and its body matches."""
    operation = _operation(spec, path, method)
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, not documented"
    content = documented[status].get("content", {})
    if "application/json" not in content:
        return
    schema = content["application/json"]["schema"]
    registry: Registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    rooted = {"$ref": "urn:spec#" + schema["$ref"][1:]} if "$ref" in schema else schema
    validator = OAS30Validator(rooted, registry=registry, format_checker=oas30_format_checker)
    try:
        validator.validate(response.json())
    except ValidationError as error:
        raise AssertionError(f"{method.upper()} {path} {status}: {error.message}") from error


@pytest.fixture
def data(tree: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    return tree


def test_unit_and_station_responses_match_the_schema(
    client: Client, spec: dict[str, Any], data: dict[str, OrgUnit]
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for path in ("/api/v1/units/", "/api/v1/stations/", "/api/v1/slots/", "/api/v1/counsellors/"):
        check(spec, "get", path, client.get(path))
    station = f"/api/v1/stations/{data['station_a1'].public_id}/"
    check(spec, "get", station, client.get(station))
    check(spec, "get", "/api/v1/stations/", client.get("/api/v1/stations/", {"open_24h": "true"}))


def test_the_root_unit_has_a_null_parent_and_the_schema_says_so(
    client: Client, spec: dict[str, Any], data: dict[str, OrgUnit]
) -> None:
    response = client.get("/api/v1/units/")
    roots = [unit for unit in response.json()["results"] if unit["parent"] is None]
    assert roots, "the centre has no parent"
    check(spec, "get", "/api/v1/units/", response)


@pytest.mark.parametrize("path", ["/api/v1/units/", "/api/v1/stations/", "/api/v1/slots/"])
def test_page_zero_is_a_documented_404(
    client: Client, spec: dict[str, Any], data: dict[str, OrgUnit], path: str
) -> None:
    response = client.get(path, {"page": "0"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    check(spec, "get", path, response)


def test_errors_match_the_schema(
    client: Client, spec: dict[str, Any], data: dict[str, OrgUnit]
) -> None:
    check(spec, "get", "/api/v1/slots/", client.get("/api/v1/slots/", {"date_from": "9999-12-31"}))
    check(spec, "get", "/api/v1/stations/", client.get("/api/v1/stations/", {"near": "x"}))


def test_the_missing_retrieval_code_is_a_documented_400(spec: dict[str, Any]) -> None:
    for path in ("/api/v1/assessments/report/", "/api/v1/assessments/report/pdf/"):
        operation = _operation(spec, path, "get")
        assert "400" in operation["responses"], path
        header = next(p for p in operation["parameters"] if p["name"] == "X-Retrieval-Code")
        assert "400" in header["description"]


def test_opening_hours_are_documented_as_they_are_sent(
    client: Client, spec: dict[str, Any], data: dict[str, OrgUnit]
) -> None:
    station = f"/api/v1/stations/{data['station_a1'].public_id}/"
    body = client.get(station).json()
    assert body["hours"], "station A1 keeps hours"
    assert body["hours"][0]["opens"] == "09:00"
    check(spec, "get", station, client.get(station))
