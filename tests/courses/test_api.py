"""The catalogue's public API: list with search and filters, a topic, its experts."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
import yaml
from django.test import Client
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from courses.models import Format
from network import services as network_services
from network.models import OrgUnit, Scope
from tests.courses.conftest import Catalogue
from tests.courses.factories import ExpertFactory, TopicFactory
from tests.network import factories

pytestmark = pytest.mark.django_db

TOPICS = "/api/v1/topics/"
LIST_BUDGET = 5  # count, page, formats, audiences, experts
DETAIL_BUDGET = 4  # the topic, formats, audiences, experts
EXPERTS_BUDGET = 6  # the topic with its lists (4), the experts, their districts


def _detail(topic: Any) -> str:
    return f"{TOPICS}{topic.public_id}/"


def test_the_list_has_the_documented_shape(client: Client, catalogue: Catalogue) -> None:
    body = client.get(TOPICS, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 4
    stress = next(item for item in body["results"] if item["code"] == "YL-001")
    assert stress == {
        "id": str(catalogue.stress.public_id),
        "code": "YL-001",
        "title": "职场压力识别与应对",
        "summary": "认识压力来源，学会科学减压。",
        "category": "stress",
        "category_label": "stress adjustment",
        "length_minutes": 90,
        "formats": ["lecture", "online"],
        "audiences": ["frontline", "gig"],
        "experts": [{"id": str(catalogue.zheng.public_id), "name": "郑教授"}],
    }


def test_the_list_searches_in_chinese_and_filters(client: Client, catalogue: Catalogue) -> None:
    def codes(**params: str) -> list[str]:
        return [item["code"] for item in client.get(TOPICS, params).json()["results"]]

    assert codes(q="青春期沟通") == ["QZ-003"]
    assert codes(category="parenting") == ["QZ-003", "QZ-010"]
    assert codes(audience="women") == ["QZ-010"]
    assert codes(delivery="workshop") == ["QZ-010", "TD-002"]
    assert codes(expert=str(catalogue.wang.public_id)) == ["QZ-003", "QZ-010"]
    assert "QX-027" not in codes()  # inactive


def test_bad_filters_are_a_400_naming_the_field(client: Client, catalogue: Catalogue) -> None:
    response = client.get(TOPICS, {"category": "astrology"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]
    hidden = client.get(TOPICS, {"expert": str(catalogue.hidden.public_id)})
    assert hidden.status_code == 400
    assert "expert" in hidden.json()["error"]["fields"]


def test_a_topic_and_the_experts_who_teach_it(client: Client, catalogue: Catalogue) -> None:
    detail = client.get(_detail(catalogue.sandplay)).json()
    assert detail["code"] == "QZ-010"
    assert detail["formats"] == ["group", "workshop"]
    experts = client.get(_detail(catalogue.stress) + "experts/", HTTP_ACCEPT_LANGUAGE="en")
    assert experts.status_code == 200
    assert experts.json() == [
        {
            "id": str(catalogue.zheng.public_id),
            "name": "郑教授",
            "qualification": "national_2",
            "qualification_label": "national level-2 psychological counsellor",
            "specialities": ["情绪管理", "压力调整"],
            "bio": "高校心理学教师。",
            "photo": None,
            "districts": ["甲区分中心"],
        }
    ]  # the hidden expert also teaches it, and is left out


def test_inactive_unknown_and_malformed_topics_are_not_found(
    client: Client, catalogue: Catalogue
) -> None:
    for path in (
        _detail(catalogue.retired),
        f"{TOPICS}{uuid.uuid4()}/",
        f"{TOPICS}QZ-010/",
        _detail(catalogue.retired) + "experts/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_partner_apps_read_without_a_courses_scope_and_bad_keys_are_refused(
    client: Client, catalogue: Catalogue
) -> None:
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.KPIS_READ], unit=None
    )
    ok = client.get(TOPICS, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200 and ok.json()["count"] == 4
    bad = client.get(TOPICS, HTTP_AUTHORIZATION="Bearer not-a-key")
    assert bad.status_code == 401


def test_writes_are_not_allowed(client: Client, catalogue: Catalogue) -> None:
    assert client.post(TOPICS, {}).status_code in (403, 405)


def _grow(tree: dict[str, OrgUnit], n: int) -> None:
    experts = [ExpertFactory(unit=tree["centre"]) for _ in range(n)]
    for expert in experts:
        expert.districts.add(tree["district_a"], tree["district_b"])
    for number in range(n):
        TopicFactory(
            code=f"G-{number:03d}",
            title=f"规模专题{number}",
            formats={Format.LECTURE, Format.ONLINE},
            experts=experts,
        )


@pytest.mark.parametrize("size", [3, 30])
def test_query_budgets_hold_at_two_sizes(
    client: Client, tree: dict[str, OrgUnit], django_assert_max_num_queries: Any, size: int
) -> None:
    _grow(tree, size)
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get(TOPICS, {"q": "规模", "delivery": "online"}).json()["count"] == size
    topic = client.get(TOPICS).json()["results"][0]
    with django_assert_max_num_queries(DETAIL_BUDGET):
        assert client.get(f"{TOPICS}{topic['id']}/").status_code == 200
    with django_assert_max_num_queries(EXPERTS_BUDGET):
        assert len(client.get(f"{TOPICS}{topic['id']}/experts/").json()) == size


# --- the responses match the published schema -------------------------------------------


def _check(spec: dict[str, Any], path: str, response: Any) -> None:
    operation = next(
        item["get"]
        for template, item in spec["paths"].items()
        if re.match("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$", path)
    )
    documented = operation["responses"][str(response.status_code)]
    schema = documented["content"]["application/json"]["schema"]
    registry: Registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    rooted = json.loads(json.dumps(schema).replace('"#/components', '"urn:spec#/components'))
    validator = OAS30Validator(rooted, registry=registry, format_checker=oas30_format_checker)
    try:
        validator.validate(response.json())
    except ValidationError as error:  # pragma: no cover - the message is the point
        raise AssertionError(f"{path} {response.status_code}: {error.message}") from error


def test_responses_match_the_schema(client: Client, catalogue: Catalogue) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)
    detail = _detail(catalogue.stress)
    for path in (TOPICS, detail, detail + "experts/", f"{TOPICS}{uuid.uuid4()}/"):
        _check(spec, path, client.get(path))
    _check(spec, TOPICS, client.get(TOPICS, {"delivery": "nonsense"}))
    _check(spec, TOPICS, client.get(TOPICS, {"page": "0"}))
