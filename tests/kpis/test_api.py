"""GET /api/v1/kpis/: the figures with the same suppression, for partner apps with the
`kpis:read` scope (their unit's subtree) and signed-in staff (what their roles reach)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from accounts.models import User
from core.facts import Fact, Source
from kpis.services.rebuild import rebuild
from network.models import Level, OrgUnit, Scope
from tests.kpis.builders import YEAR
from tests.network.factories import PartnerAppFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/kpis/"


def key_for(*scopes: str, unit: OrgUnit | None = None) -> dict[str, str]:
    app = PartnerAppFactory.create(scopes=list(scopes), unit=unit)
    return {"Authorization": f"Bearer {app.plain_key}"}  # type: ignore[attr-defined]


@pytest.fixture
def recorded(tree: dict[str, OrgUnit], frozen: None) -> dict[str, OrgUnit]:
    """Station A1: 25 attendances in March, 4 in April (hidden), 12 in May; one lecture."""
    station = tree["station_a1"]

    def fact(code: str, value: int, month: int, pk: int, key: str = "") -> Fact:
        return Fact(code, station.pk, date(YEAR, month, 2), value, Source("t", "t", pk), key)

    rebuild(
        [
            fact("lecture_attendances", 25, 3, 1),
            fact("lecture_attendances", 4, 4, 2),
            fact("lecture_attendances", 12, 5, 3),
            fact("lecture_attendances", 3, 5, 3, "gig"),
            fact("lectures_held", 1, 3, 4),
        ]
    )
    return tree


def by_code(response: Any) -> dict[str, dict[str, Any]]:
    return {figure["code"]: figure for figure in response.json()["figures"]}


def test_a_partner_app_reads_the_figures_with_small_counts_hidden(
    client: Client, recorded: dict[str, OrgUnit]
) -> None:
    params: dict[str, Any] = {"unit": str(recorded["district_a"].public_id), "year": YEAR}
    response = client.get(URL, params, headers=key_for(Scope.KPIS_READ))
    assert response.status_code == 200
    body = response.json()
    assert body["unit"]["level"] == Level.DISTRICT and body["as_of"] == "2026-06-10"
    figures = by_code(response)
    attendances = figures["lecture_attendances"]
    assert attendances["actual"] == 41 and attendances["suppressed"] is False
    assert attendances["months"][2] == 25
    assert attendances["months"][3] is None and attendances["months"][4] is None
    assert attendances["breakdown"] == {"gig": None}
    assert figures["lectures_held"]["actual"] == 1
    assert figures["cadre_lectures"]["actual"] == 0  # its record was not marked for cadres
    aggregations = {code: (f["aggregation"], f["period"]) for code, f in figures.items()}
    assert aggregations["backbone_certified"] == ("distinct", "year")
    assert aggregations["units_active_station"] == ("latest", "year")
    assert aggregations["online_courses_published"] == ("sum", "month")


def test_a_partner_app_needs_the_scope_and_stays_in_its_unit(
    client: Client, recorded: dict[str, OrgUnit]
) -> None:
    params = {"unit": str(recorded["station_a1"].public_id)}
    refused = client.get(URL, params, headers=key_for(Scope.STATIONS_READ))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "scope_missing"
    limited = key_for(Scope.KPIS_READ, unit=recorded["district_b"])
    assert client.get(URL, params, headers=limited).status_code == 404
    own = {"unit": str(recorded["station_b1"].public_id)}
    assert client.get(URL, own, headers=limited).status_code == 200


def test_staff_read_what_their_roles_reach_and_anonymous_callers_nothing(
    client: Client, recorded: dict[str, OrgUnit], cadre_a: User, cadre_b: User
) -> None:
    params: dict[str, Any] = {"unit": str(recorded["station_a1"].public_id), "year": YEAR}
    assert client.get(URL, params).status_code == 401
    client.force_login(cadre_a)
    assert by_code(client.get(URL, params))["lecture_attendances"]["actual"] == 41
    client.force_login(cadre_b)
    assert client.get(URL, params).status_code == 404


def test_bad_queries_are_400s(client: Client, recorded: dict[str, OrgUnit]) -> None:
    headers = key_for(Scope.KPIS_READ)
    assert client.get(URL, {"unit": "nope"}, headers=headers).status_code == 400
    unit = str(recorded["centre"].public_id)
    assert client.get(URL, {"unit": unit, "year": "1"}, headers=headers).status_code == 400


def test_the_query_count_is_the_same_at_two_tree_sizes(
    client: Client, recorded: dict[str, OrgUnit]
) -> None:
    headers = key_for(Scope.KPIS_READ)
    params: dict[str, Any] = {"unit": str(recorded["centre"].public_id), "year": YEAR}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params, headers=headers).status_code == 200
        return len(captured)

    client.get(URL, params, headers=headers)  # the key is cached from here on
    small = queries()
    district = recorded["district_b"]
    OrgUnit.objects.bulk_create(
        OrgUnit(name=f"室{i}", level=Level.ROOM, parent=district, path=f"{district.path}{i:04d}",
                depth=2)
        for i in range(2, 60)
    )  # fmt: skip
    rebuild()
    assert queries() == small


def test_responses_match_the_published_schema(client: Client, recorded: dict[str, OrgUnit]) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    operation = spec["paths"][URL]["get"]
    headers = key_for(Scope.KPIS_READ)
    unit = str(recorded["station_a1"].public_id)
    for params, status in (({"unit": unit}, 200), ({"unit": "x"}, 400), ({}, 400)):
        response = client.get(URL, params, headers=headers)
        assert response.status_code == status
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        registry: Registry = Registry().with_resource(
            "urn:spec", Resource.from_contents(spec, default_specification=DRAFT4)
        )
        rooted = {"$ref": "urn:spec#" + schema["$ref"][1:]}
        OAS30Validator(rooted, registry=registry, format_checker=oas30_format_checker).validate(
            response.json()
        )
