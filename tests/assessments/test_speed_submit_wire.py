"""What a submit sends over the wire: every round trip counts under load.

A plain partner submit (no unit to count for, no archive) is one INSERT in autocommit —
durable when it returns, without BEGIN and COMMIT around it; with KPI facts the writes share
one transaction and a failure stores nothing; a bundle has no savepoints; the instrument's
data version is read from the cache once per request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Submission
from core import facts, public_cache
from kpis.models import Fact
from network import services as network_services
from network.models import OrgUnit, Scope
from tests.assessments.definitions import raw_definition
from tests.network import factories

pytestmark = pytest.mark.django_db
COMMITTED = pytest.mark.django_db(transaction=True)  # no test transaction around: as served

SUBMIT = "/api/v1/assessments/"
PLAIN = [1, 1, 0, 1, 0, 1, 0, 0, 0]
RISK = [1, 1, 0, 1, 0, 1, 0, 0, 2]


@pytest.fixture
def api(client: Client, instruments: None) -> Client:
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT]
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split(" ", 1)[0].upper() for q in queries.captured_queries]


def _post(api: Client, body: dict[str, Any]) -> Any:
    api.post(SUBMIT, body, content_type="application/json")
    with CaptureQueriesContext(connection) as queries:  # warm: the version is known
        response = api.post(SUBMIT, body, content_type="application/json")
    assert response.status_code == 201, response.content
    return queries


@COMMITTED
@pytest.mark.parametrize("answers", [PLAIN, RISK])
def test_a_plain_partner_submit_is_one_insert_in_autocommit(
    api: Client, answers: list[int]
) -> None:
    queries = _post(api, {"instrument": "phq9", "answers": answers})

    assert _statements(queries) == ["INSERT"]
    assert "assessments_submission" in queries.captured_queries[0]["sql"]
    assert connection.get_autocommit()
    assert Submission.objects.count() == 2


@COMMITTED
def test_a_submit_with_a_district_writes_its_facts_in_one_transaction(
    api: Client, tree: dict[str, OrgUnit]
) -> None:
    district = str(tree["district_a"].public_id)
    queries = _post(api, {"instrument": "phq9", "answers": PLAIN, "district": district})

    statements = _statements(queries)
    assert statements[0] == "SELECT"  # the district, by its public id: before the writes
    # BEGIN is logged where the driver sends it (PostgreSQL; SQLite starts it implicitly).
    # The submission and its facts in one bulk INSERT, in one transaction; this month is
    # not closed, so no roll-up row is read or written (kpis.services.rollup).
    writes = [s for s in statements[1:] if s != "BEGIN"]
    assert writes == ["INSERT", "INSERT", "COMMIT"]
    assert Fact.objects.filter(indicator="assessments_taken").count() == 2


@COMMITTED
def test_a_failed_fact_write_stores_no_submission(
    instruments: None, tree: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(batch: Any) -> None:
        raise RuntimeError("fact table unavailable")

    monkeypatch.setattr(facts, "record", failing)
    demographics = services.Demographics(district=tree["district_a"])
    with pytest.raises(RuntimeError):
        services.submission_create(
            actor=None,
            instrument_code="phq9",
            answers=PLAIN,
            language="en",
            demographics=demographics,
        )
    assert not Submission.objects.exists()


@COMMITTED
def test_a_bundle_is_one_transaction_without_savepoints(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    demographics = services.Demographics(district=tree["district_a"])
    with CaptureQueriesContext(connection) as queries:
        made = services.submissions_create(
            actor=None,
            answer_sets=[("phq9", PLAIN), ("gad7", [0] * 7)],
            language="en",
            demographics=demographics,
        )

    statements = _statements(queries)
    assert len(made) == 2 and made[0][1] == made[1][1]  # one code for the bundle
    assert "SAVEPOINT" not in statements and statements.count("COMMIT") == 1
    assert Fact.objects.filter(indicator="assessments_taken").count() == 2


def test_a_submit_reads_the_instrument_versions_once(
    api: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[tuple[str, ...]] = []
    real = public_cache.versions

    def counting(namespaces: Any) -> str:
        reads.append(tuple(namespaces))
        return real(namespaces)

    monkeypatch.setattr(public_cache, "versions", counting)
    _post(api, {"instrument": "phq9", "answers": PLAIN})

    # The warm-up's, then this one's; on Redis this one's went with the partner key's read.
    warm = 0 if isinstance(caches["default"], RedisCache) else 1
    assert reads == [(public_cache.INSTRUMENTS,)] * (1 + warm)


@pytest.fixture
def redis_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every round trip to Redis: a command, or a pipeline with its commands."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("Redis only: set REDIS_URL")
    client = backend._cache.get_client(write=True)
    trips: list[str] = []
    pipeline = type(client.pipeline())
    plain, batched = type(client).execute_command, pipeline.execute

    def command(self: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(str(args[0]))
        return plain(self, *args, **kwargs)

    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append("pipeline:" + ",".join(str(c[0][0]) for c in self.command_stack))
        return batched(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "execute_command", command)
    monkeypatch.setattr(pipeline, "execute", execute)
    return trips


def test_a_warm_partner_submit_is_one_redis_round_trip(api: Client, redis_trips: list[str]) -> None:
    _post(api, {"instrument": "phq9", "answers": PLAIN})  # warm: the key, the rate, the version
    redis_trips.clear()

    response = api.post(
        SUBMIT, {"instrument": "phq9", "answers": PLAIN}, content_type="application/json"
    )

    assert response.status_code == 201
    # The key's entry, the throttle's hit (INCR, EXPIRE, the previous window) and the
    # instruments' data version, together.
    assert redis_trips == ["pipeline:GET,INCRBY,EXPIRE,GET,GET"]


def test_a_new_version_is_scored_at_once_with_the_version_read_ahead(
    api: Client, redis_trips: list[str]
) -> None:
    body = {"instrument": "phq9", "answers": PLAIN}
    _post(api, body)
    definition = raw_definition("phq9")
    definition["time_frame"] = {"zh-Hans": "过去两周", "en": "the past two weeks"}
    services.instrument_version_create(actor=None, definition=definition)

    response = api.post(SUBMIT, body, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["version"] == 2


def test_a_version_of_another_instrument_is_refused(instruments: None) -> None:
    gad7 = services.current_version("gad7")
    with pytest.raises(ValueError):
        services.submission_create(
            actor=None, instrument_code="phq9", answers=PLAIN, language="en", version=gad7
        )
    assert not Submission.objects.exists()
