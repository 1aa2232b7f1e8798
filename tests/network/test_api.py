"""The partner REST API: units, stations, near me, keys, scopes, throttles, errors."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.test import Client
from django.utils import timezone
from openapi_spec_validator import validate

from accounts.models import User
from network import selectors, services
from network.models import Level, OrgUnit, PartnerApp, Scope, ServiceKind
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
A1 = (36.0662, 120.3826)  # station_a1 in the tree fixture
STATIONS = "/api/v1/stations/"
UNITS = "/api/v1/units/"
ME = "/api/v1/partner/me/"


def station_url(unit: OrgUnit) -> str:
    return f"{STATIONS}{unit.public_id}/"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def ids(response: Any) -> list[str]:
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def root_user(db: None) -> User:
    return factories.superuser()


@pytest.fixture
def make_app(root_user: User) -> Callable[..., tuple[PartnerApp, str]]:
    def make(
        scopes: tuple[str, ...] = (Scope.STATIONS_READ,), unit: OrgUnit | None = None
    ) -> tuple[PartnerApp, str]:
        return services.partner_app_create(
            actor=root_user, name="工会App", scopes=list(scopes), unit=unit
        )

    return make


@pytest.fixture
def partner(
    tree: dict[str, OrgUnit], make_app: Callable[..., tuple[PartnerApp, str]]
) -> tuple[PartnerApp, str]:
    return make_app()


def freeze(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- anonymous reads ------------------------------------------------------------------


def test_anonymous_caller_reads_stations(client: Client, tree: dict[str, OrgUnit]) -> None:
    response = client.get(STATIONS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    by_id = {item["id"]: item for item in body["results"]}
    a1 = by_id[str(tree["station_a1"].public_id)]
    assert a1["name"] == "甲一心灵驿站"
    assert a1["level"] == Level.STATION
    assert a1["phone"] == "0532-80000001"
    assert (a1["lat"], a1["lng"]) == A1
    assert [s["code"] for s in a1["services"]] == [ServiceKind.COUNSELLING, ServiceKind.ASSESSMENT]
    assert a1["hours"][0] == {"weekday": 0, "opens": "09:00", "closes": "17:00"}
    assert a1["distance_m"] is None and a1["walk_minutes"] is None
    assert by_id[str(tree["station_b1"].public_id)]["open_24h"] is True


def test_anonymous_caller_reads_the_unit_tree(client: Client, tree: dict[str, OrgUnit]) -> None:
    response = client.get(UNITS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["id"] == str(tree["centre"].public_id)  # tree order: the root first
    by_id = {item["id"]: item for item in results}
    assert set(by_id) == {str(unit.public_id) for unit in tree.values()}
    room = by_id[str(tree["room_a1r"].public_id)]
    assert room == {
        "id": str(tree["room_a1r"].public_id),
        "name": "甲一企业服务室",
        "level": Level.ROOM,
        "parent": str(tree["station_a1"].public_id),
        "depth": 3,
        "is_active": True,
    }
    assert by_id[str(tree["centre"].public_id)]["parent"] is None


def test_units_filter_by_level_and_parent(client: Client, tree: dict[str, OrgUnit]) -> None:
    districts = client.get(UNITS, {"level": Level.DISTRICT})
    children = client.get(UNITS, {"parent": str(tree["district_a"].public_id)})

    assert ids(districts) == [str(tree["district_a"].public_id), str(tree["district_b"].public_id)]
    assert set(ids(children)) == {
        str(tree["station_a1"].public_id),
        str(tree["room_ar"].public_id),
    }


def test_deactivated_units_are_listed_only_on_request(
    client: Client, tree: dict[str, OrgUnit], root_user: User
) -> None:
    services.unit_set_active(actor=root_user, unit=tree["station_b1"], active=False)
    b1 = str(tree["station_b1"].public_id)

    assert b1 not in ids(client.get(UNITS))
    listed = {
        item["id"]: item
        for item in client.get(UNITS, {"include_inactive": "true"}).json()["results"]
    }
    assert listed[b1]["is_active"] is False
    assert b1 not in ids(client.get(STATIONS))
    assert client.get(station_url(tree["station_b1"])).status_code == 404


# --- station filters and near me ------------------------------------------------------


def test_stations_filter_by_district_service_and_24h(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    in_a = client.get(STATIONS, {"district": str(tree["district_a"].public_id)})
    assessing = client.get(STATIONS, {"service": ServiceKind.ASSESSMENT})
    round_the_clock = client.get(STATIONS, {"open_24h": "true"})

    assert set(ids(in_a)) == {str(tree["station_a1"].public_id), str(tree["room_ar"].public_id)}
    assert ids(assessing) == [str(tree["station_a1"].public_id)]
    assert ids(round_the_clock) == [str(tree["station_b1"].public_id)]


@pytest.mark.parametrize(
    ("local_time", "expected"),
    [
        # A Wednesday: station A1 keeps 9–17 on weekdays, B1 is open around the clock.
        (datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI), {"station_a1", "station_b1"}),
        (datetime(2026, 6, 10, 20, 0, tzinfo=SHANGHAI), {"station_b1"}),
    ],
)
def test_open_now_follows_the_opening_hours(
    client: Client,
    tree: dict[str, OrgUnit],
    monkeypatch: pytest.MonkeyPatch,
    local_time: datetime,
    expected: set[str],
) -> None:
    freeze(monkeypatch, local_time)

    response = client.get(STATIONS, {"open_now": "true"})

    assert set(ids(response)) == {str(tree[name].public_id) for name in expected}
    assert all(item["open_now"] for item in response.json()["results"])


def test_near_sorts_nearest_first_with_distance_and_walking_time(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    response = client.get(STATIONS, {"near": f"{A1[0]},{A1[1]}"})

    results = response.json()["results"]
    assert [item["id"] for item in results] == [
        str(tree["station_a1"].public_id),
        str(tree["room_ar"].public_id),
        str(tree["station_b1"].public_id),
    ]
    for item in results:
        expected = selectors.haversine_m(A1[0], A1[1], item["lat"], item["lng"])
        assert isinstance(item["distance_m"], int)
        assert abs(item["distance_m"] - expected) <= 1
        assert item["walk_minutes"] == selectors.walk_minutes(expected)
    assert results[0]["distance_m"] == 0 and results[0]["walk_minutes"] == 1


def test_within_keeps_the_stations_in_walking_reach(
    client: Client, tree: dict[str, OrgUnit]
) -> None:
    near = f"{A1[0]},{A1[1]}"

    five = client.get(STATIONS, {"near": near, "within": "5"})
    fifteen = client.get(STATIONS, {"near": near, "within": "15"})

    assert ids(five) == [str(tree["station_a1"].public_id)]
    assert ids(fifteen) == [str(tree["station_a1"].public_id), str(tree["room_ar"].public_id)]


def test_station_detail_and_unknown_ids(client: Client, tree: dict[str, OrgUnit]) -> None:
    found = client.get(station_url(tree["station_a1"]))
    unknown = client.get(f"{STATIONS}{uuid.uuid4()}/")
    not_a_uuid = client.get(f"{STATIONS}not-a-uuid/")
    no_profile = client.get(station_url(tree["district_a"]))

    assert found.status_code == 200
    assert found.json()["id"] == str(tree["station_a1"].public_id)
    assert "open_now" in found.json()
    for response in (unknown, not_a_uuid, no_profile):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (STATIONS, {"near": "abc"}, "near"),
        (STATIONS, {"near": "36.1"}, "near"),
        (STATIONS, {"near": "nan,120"}, "near"),
        (STATIONS, {"near": "136.1,120.3"}, "near"),
        (STATIONS, {"near": "36.1,120.3", "within": "-3"}, "within"),
        (STATIONS, {"near": "36.1,120.3", "within": "soon"}, "within"),
        (STATIONS, {"within": "10"}, "within"),
        (STATIONS, {"district": str(uuid.uuid4())}, "district"),
        (STATIONS, {"district": "abc"}, "district"),
        (STATIONS, {"service": "massage"}, "service"),
        (STATIONS, {"open_now": "maybe"}, "open_now"),
        (UNITS, {"level": "planet"}, "level"),
        (UNITS, {"parent": str(uuid.uuid4())}, "parent"),
    ],
)
def test_bad_query_input_is_a_400_with_field_details(
    client: Client, tree: dict[str, OrgUnit], url: str, params: dict[str, str], field: str
) -> None:
    response = client.get(url, params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]


def test_a_station_is_not_a_district(client: Client, tree: dict[str, OrgUnit]) -> None:
    response = client.get(
        STATIONS, {"district": str(tree["station_a1"].public_id)}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"district": ["No such district sub-centre."]}


@pytest.mark.parametrize(
    ("language", "message", "field_message"),
    [
        ("en", "Some fields are not valid.", "is not a valid choice"),
        ("zh-hans", "部分字段填写有误。", "不是合法选项"),
    ],
)
def test_errors_follow_the_request_language(
    client: Client, tree: dict[str, OrgUnit], language: str, message: str, field_message: str
) -> None:
    response = client.get(STATIONS, {"service": "massage"}, HTTP_ACCEPT_LANGUAGE=language)

    error = response.json()["error"]
    assert error["message"] == message
    assert field_message in error["fields"]["service"][0]


# --- partner credentials --------------------------------------------------------------


def test_partner_with_the_scope_reads_stations_and_itself(
    client: Client, tree: dict[str, OrgUnit], partner: tuple[PartnerApp, str]
) -> None:
    _app, key = partner

    stations = client.get(STATIONS, headers=bearer(key))
    detail = client.get(station_url(tree["station_b1"]), headers=bearer(key))
    me = client.get(ME, headers=bearer(key))

    assert stations.status_code == 200 and stations.json()["count"] == 3
    assert detail.status_code == 200
    assert me.json() == {"name": "工会App", "scopes": [Scope.STATIONS_READ], "unit": None}


def test_partner_without_the_scope_is_refused(
    client: Client, tree: dict[str, OrgUnit], make_app: Callable[..., tuple[PartnerApp, str]]
) -> None:
    _app, key = make_app(scopes=(Scope.KPIS_READ,))

    for url in (STATIONS, UNITS, station_url(tree["station_a1"])):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", headers=bearer(key))
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "scope_missing"
        assert "stations:read" in error["message"]
    # Its own description needs no scope.
    assert client.get(ME, headers=bearer(key)).status_code == 200


def test_revoked_key_is_refused(
    client: Client, root_user: User, partner: tuple[PartnerApp, str]
) -> None:
    app, key = partner
    services.partner_app_revoke(actor=root_user, app=app)

    response = client.get(STATIONS, headers=bearer(key))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_key"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_rotated_key_replaces_the_old_one(
    client: Client, root_user: User, partner: tuple[PartnerApp, str]
) -> None:
    app, old_key = partner
    new_key = services.partner_app_rotate(actor=root_user, app=app)

    assert client.get(STATIONS, headers=bearer(old_key)).status_code == 401
    assert client.get(STATIONS, headers=bearer(new_key)).status_code == 200


@pytest.mark.parametrize("header", ["Bearer xl_unknown", "Bearer", "Bearer two parts", "bearer   "])
def test_unknown_or_malformed_key_is_a_401(
    client: Client, tree: dict[str, OrgUnit], header: str
) -> None:
    response = client.get(STATIONS, HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_key"
    assert error["message"]


def test_partner_me_needs_partner_credentials(client: Client, tree: dict[str, OrgUnit]) -> None:
    response = client.get(ME)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_unit_scoped_partner_sees_only_its_subtree(
    client: Client, tree: dict[str, OrgUnit], make_app: Callable[..., tuple[PartnerApp, str]]
) -> None:
    """The outsider case: an app of district A never sees district B."""
    _app, key = make_app(unit=tree["district_a"])

    stations = client.get(STATIONS, headers=bearer(key))
    near = client.get(STATIONS, {"near": "36.1453,120.4320"}, headers=bearer(key))
    other_district = client.get(station_url(tree["station_b1"]), headers=bearer(key))
    units = client.get(UNITS, headers=bearer(key))
    me = client.get(ME, headers=bearer(key))

    assert set(ids(stations)) == {
        str(tree["station_a1"].public_id),
        str(tree["room_ar"].public_id),
    }
    assert str(tree["station_b1"].public_id) not in ids(near)
    assert other_district.status_code == 404
    assert other_district.json()["error"]["code"] == "not_found"
    assert set(ids(units)) == {
        str(tree[name].public_id) for name in ("district_a", "station_a1", "room_a1r", "room_ar")
    }
    assert me.json()["unit"]["id"] == str(tree["district_a"].public_id)


def test_last_use_is_recorded_at_most_once_a_minute(
    client: Client, partner: tuple[PartnerApp, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, key = partner
    start = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
    freeze(monkeypatch, start)
    client.get(ME, headers=bearer(key))
    app.refresh_from_db()
    assert app.last_used_at == start

    freeze(monkeypatch, start.replace(second=30))
    client.get(ME, headers=bearer(key))
    app.refresh_from_db()
    assert app.last_used_at == start

    freeze(monkeypatch, start.replace(minute=2))
    client.get(ME, headers=bearer(key))
    app.refresh_from_db()
    assert app.last_used_at == start.replace(minute=2)


def test_partner_requests_are_logged_by_app_without_key_or_query(
    client: Client, partner: tuple[PartnerApp, str], caplog: pytest.LogCaptureFixture
) -> None:
    app, key = partner

    with caplog.at_level(logging.INFO, logger="network.api"):
        client.get(STATIONS, {"near": "36.0662,120.3826"}, headers=bearer(key))

    lines = [r.getMessage() for r in caplog.records if r.name == "network.api"]
    assert lines == [f"partner_app={app.pk} GET {STATIONS}"]
    text = caplog.text
    assert key not in text
    assert "36.0662" not in text


# --- throttling -----------------------------------------------------------------------


@pytest.fixture
def low_anon_rate(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }


def test_anonymous_callers_are_throttled_but_partners_are_not(
    client: Client, tree: dict[str, OrgUnit], partner: tuple[PartnerApp, str], low_anon_rate: None
) -> None:
    _app, key = partner

    anonymous = [client.get(UNITS, HTTP_ACCEPT_LANGUAGE="en").status_code for _ in range(4)]
    with_key = [client.get(UNITS, headers=bearer(key)).status_code for _ in range(6)]

    assert anonymous == [200, 200, 200, 429]
    assert with_key == [200] * 6
    throttled = client.get(UNITS, HTTP_ACCEPT_LANGUAGE="en")
    error = throttled.json()["error"]
    assert error["code"] == "throttled"
    assert error["fields"] == {}
    assert "throttled" in error["message"]
    assert int(throttled.headers["Retry-After"]) > 0


def test_each_partner_app_has_its_own_rate(
    client: Client, tree: dict[str, OrgUnit], make_app: Callable[..., tuple[PartnerApp, str]]
) -> None:
    slow, slow_key = make_app()
    _fast, fast_key = make_app()
    PartnerApp.objects.filter(pk=slow.pk).update(throttle_rate="2/minute")

    slow_codes = [client.get(UNITS, headers=bearer(slow_key)).status_code for _ in range(3)]
    fast_codes = [client.get(UNITS, headers=bearer(fast_key)).status_code for _ in range(3)]

    assert slow_codes == [200, 200, 429]
    assert fast_codes == [200, 200, 200]


# --- query budgets --------------------------------------------------------------------


def add_stations(tree: dict[str, OrgUnit], count: int = 30) -> None:
    for i in range(count):
        room = factories.unit(f"加测服务室{i}", Level.ROOM, tree["district_b"])
        factories.station(
            room,
            lat=36.1 + i / 1000,
            lng=120.4,
            services_offered=(ServiceKind.COUNSELLING, ServiceKind.COURSES),
            hours=((0, datetime(2026, 1, 1, 9).time(), datetime(2026, 1, 1, 18).time()),),
            has_relief_area=True,
        )


@pytest.mark.parametrize(
    ("url", "params", "budget"),
    [
        # stations, services, hours, exceptions (+ district lookup)
        (STATIONS, {}, 4),
        (STATIONS, {"near": "36.0662,120.3826", "district": "district_b"}, 5),
        # count, page
        (UNITS, {}, 2),
    ],
)
def test_lists_cost_the_same_queries_at_two_sizes(
    client: Client,
    tree: dict[str, OrgUnit],
    partner: tuple[PartnerApp, str],
    django_assert_max_num_queries: Any,
    url: str,
    params: dict[str, str],
    budget: int,
) -> None:
    _app, key = partner
    if params.get("district"):
        params = {**params, "district": str(tree[params["district"]].public_id)}
    client.get(
        ME, headers=bearer(key)
    )  # last use recorded; later requests within the minute skip it
    for size in ("small", "large"):
        if size == "large":
            add_stations(tree)
        with django_assert_max_num_queries(budget):
            anonymous = client.get(url, params)
        # A partner request adds the key lookup.
        with django_assert_max_num_queries(budget + 1):
            with_key = client.get(url, params, headers=bearer(key))
        assert anonymous.status_code == with_key.status_code == 200
        if size == "large":
            assert anonymous.json()["count"] >= 30


def test_station_detail_costs_the_same_queries_at_two_sizes(
    client: Client, tree: dict[str, OrgUnit], django_assert_max_num_queries: Any
) -> None:
    for size in ("small", "large"):
        if size == "large":
            add_stations(tree)
        with django_assert_max_num_queries(4):
            response = client.get(station_url(tree["station_a1"]))
        assert response.status_code == 200


# --- schema ---------------------------------------------------------------------------


def test_schema_validates_and_documents_the_partner_api(client: Client) -> None:
    response = client.get("/api/v1/schema/")

    spec = yaml.safe_load(response.content)
    validate(spec)
    for path in (UNITS, STATIONS, "/api/v1/stations/{id}/", ME):
        assert path in spec["paths"]
    assert spec["components"]["securitySchemes"]["partnerKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The partner app's API key: `Authorization: Bearer <key>`.",
    }
    assert {"partnerKey": []} in spec["paths"][STATIONS]["get"]["security"]
    not_found = spec["paths"]["/api/v1/stations/{id}/"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    parameters = {p["name"] for p in spec["paths"][STATIONS]["get"]["parameters"]}
    assert {"district", "service", "open_now", "open_24h", "near", "within"} <= parameters
