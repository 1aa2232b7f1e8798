"""What keeps a submission fast: definitions parsed once, a crisis search that loads few stations.

The crisis result must stay exact: the same stations as searching the whole network.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import scoring, selectors, services
from assessments.api.serializers import CrisisSerializer
from assessments.models import Submission
from assessments.selectors import results
from network import selectors as network_selectors
from network import services as network_services
from network.models import Level, OpeningException, OrgUnit, Scope
from tests.assessments.definitions import raw_definition
from tests.assessments.factories import SubmissionFactory
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLAIN = [1, 1, 0, 1, 0, 1, 0, 0, 0]


def test_a_definition_is_parsed_once_across_submissions(
    instruments: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real = scoring.parse_definition

    def counting(raw: Any) -> Any:
        calls.append(raw["code"])
        return real(raw)

    monkeypatch.setattr(scoring, "parse_definition", counting)

    for _ in range(2):
        services.submission_create(
            actor=None, instrument_code="phq9", answers=PLAIN, language="zh-hans"
        )
    selectors.offered_versions().get(instrument__code="phq9").parsed  # noqa: B018

    assert calls == ["phq9"]
    assert Submission.objects.count() == 2


def _network(stations: int) -> None:
    """`stations` stations open 9–17 on weekdays, every fourth open around the clock."""
    centre = factories.unit("市中心", Level.CENTRE)
    district = factories.unit("区中心", Level.DISTRICT, centre)
    weekdays = tuple((d, time(9), time(17)) for d in range(5))
    for i in range(stations):
        room = factories.unit(f"服务室{i}", Level.ROOM, district)
        factories.station(room, lat=36 + i / 1000, lng=120.4, hours=weekdays, open_24h=i % 4 == 3)


def _old_way(now: datetime) -> list[int]:
    """The crisis stations as found before: every station open now, 24-hour ones first."""
    found = network_selectors.search_stations(
        network_selectors.StationFilters(open_now=True), now=now
    )
    found.sort(key=lambda s: not s.open_24h)
    return [s.pk for s in found[: results.CRISIS_STATIONS]]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI),  # a Wednesday morning: all are open
        datetime(2026, 6, 10, 23, 30, tzinfo=SHANGHAI),  # the night: 24-hour stations only
        datetime(2026, 6, 13, 10, 0, tzinfo=SHANGHAI),  # a Saturday
    ],
)
def test_the_crisis_search_loads_few_stations_and_finds_the_same(
    instruments: None, monkeypatch: pytest.MonkeyPatch, moment: datetime
) -> None:
    _network(40)
    submission = SubmissionFactory.create(band="severe", risk=True)
    loaded: list[int] = []
    search = network_selectors.search_stations

    def spying(*args: Any, **kwargs: Any) -> Any:
        found = search(*args, **kwargs)
        loaded.append(len(found))
        return found

    with time_machine.travel(moment, tick=False):
        expected = _old_way(moment)
        monkeypatch.setattr(network_selectors, "search_stations", spying)
        crisis = results.crisis_resources(submission)

    assert [s.pk for s in crisis.stations] == expected
    assert len(expected) == results.CRISIS_STATIONS
    assert sum(loaded) <= 4 * results.CRISIS_STATIONS  # of 40 stations


def test_the_crisis_search_near_a_district_is_the_nearest_open(
    instruments: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _network(30)
    district = OrgUnit.objects.get(level=Level.DISTRICT)
    submission = SubmissionFactory.create(band="severe", risk=True, unit=district)
    moment = datetime(2026, 6, 10, 23, 30, tzinfo=SHANGHAI)

    with time_machine.travel(moment, tick=False):
        centre = network_selectors.district_centre(district)
        assert centre is not None
        every = network_selectors.search_stations(
            network_selectors.StationFilters(near=centre, open_now=True), now=moment
        )
        crisis = results.crisis_resources(submission)

    assert [s.pk for s in crisis.stations] == [s.pk for s in every[: results.CRISIS_STATIONS]]
    assert all(s.open_24h for s in crisis.stations)


@pytest.mark.parametrize("with_district", [False, True])
def test_the_crisis_result_is_one_search_of_a_few_stations(
    instruments: None, monkeypatch: pytest.MonkeyPatch, with_district: bool
) -> None:
    """One search_stations call, open-now decided by the database and `limit` set: it loads
    CRISIS_STATIONS stations, and costs the same queries at 12 and at 44 stations."""
    _network(12)
    district = OrgUnit.objects.get(level=Level.DISTRICT)
    submission = SubmissionFactory.create(
        band="severe", risk=True, unit=district if with_district else None
    )
    moment = datetime(2026, 6, 10, 23, 30, tzinfo=SHANGHAI)  # only 24-hour stations are open
    calls: list[dict[str, Any]] = []
    search = network_selectors.search_stations

    def spying(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return search(*args, **kwargs)

    monkeypatch.setattr(network_selectors, "search_stations", spying)
    counts = []
    for more in (0, 32):
        for i in range(more):
            unit = factories.unit(f"加室{i}", Level.ROOM, district)
            factories.station(unit, lat=36.5, lng=120.4, open_24h=i % 4 == 0)
        calls.clear()
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as q:
            crisis = results.crisis_resources(submission)
        assert len(calls) == 1 and calls[0]["limit"] == results.CRISIS_STATIONS
        assert len(crisis.stations) == results.CRISIS_STATIONS
        assert all(s.open_24h for s in crisis.stations)
        counts.append(len(q))
    assert counts[0] == counts[1]


def test_a_submit_reads_no_instrument_once_warm_and_a_new_version_at_once(
    instruments: None,
) -> None:
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        services.submission_create(actor=None, instrument_code="phq9", answers=PLAIN, language="en")
        with CaptureQueriesContext(connection) as queries:
            submission, _code = services.submission_create(
                actor=None, instrument_code="phq9", answers=PLAIN, language="en"
            )
    assert not [q for q in queries.captured_queries if "assessments_instrument" in q["sql"]]
    assert submission.instrument_version.number == 1

    definition = raw_definition("phq9")
    definition["time_frame"] = {"zh-Hans": "过去两周", "en": "the past two weeks"}
    services.instrument_version_create(actor=None, definition=definition)
    newer, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PLAIN, language="en"
    )
    assert newer.instrument_version.number == 2


def test_the_crisis_stations_are_searched_once_a_minute_and_again_when_a_station_changes(
    instruments: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _network(8)
    submission = SubmissionFactory.create(band="severe", risk=True)
    moment = datetime(2026, 6, 10, 10, 0, 5, tzinfo=SHANGHAI)
    calls: list[int] = []
    search = network_selectors.search_stations

    def spying(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return search(*args, **kwargs)

    monkeypatch.setattr(network_selectors, "search_stations", spying)
    with time_machine.travel(moment, tick=False):
        first = results.crisis_resources(submission)
        again = results.crisis_resources(SubmissionFactory.create(band="severe", risk=True))
        assert len(calls) == 1
        assert [s.pk for s in again.stations] == [s.pk for s in first.stations]
        closed = first.stations[0]
        closed.open_24h = False
        closed.save()  # a station changed (closed today): the next result searches again
        OpeningException.objects.create(station=closed, date=moment.date(), closed=True)
        after = results.crisis_resources(submission)
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        results.crisis_resources(submission)
    assert len(calls) == 3
    assert closed.pk not in [s.pk for s in after.stations]


def test_the_api_crisis_panel_is_rendered_once_a_minute_per_district_and_language(
    instruments: None, tree: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    _app, key = network_services.partner_app_create(
        actor=factories.superuser(), name="工会App", scopes=[Scope.ASSESSMENTS_SUBMIT]
    )
    rendered: list[int] = []
    real = CrisisSerializer.to_representation

    def counting(self: Any, panel: Any) -> Any:
        rendered.append(1)
        return real(self, panel)

    monkeypatch.setattr(CrisisSerializer, "to_representation", counting)

    def crisis(district: str, language: str = "en", item9: int = 2) -> dict[str, Any]:
        client = Client(headers={"authorization": f"Bearer {key}", "accept-language": language})
        body = {"instrument": "phq9", "answers": [1] * 8 + [item9]}
        body["district"] = str(tree[district].public_id)
        response = client.post("/api/v1/assessments/", body, content_type="application/json")
        assert response.status_code == 201
        return response.json()["crisis"]  # type: ignore[no-any-return]

    moment = datetime(2026, 6, 10, 10, 0, 5, tzinfo=SHANGHAI)  # a Wednesday morning
    with time_machine.travel(moment, tick=False):
        first = crisis("district_b")
        assert crisis("district_b", item9=3) == first and len(rendered) == 1
        chinese = crisis("district_b", language="zh-hans")
        assert len(rendered) == 2 and "热线" in chinese["message"]
        crisis("district_a")
        assert len(rendered) == 3
        station = tree["station_b1"].station
        station.address = "新的地址 88 号"
        station.save()  # a changed station: the next submit renders the panel again
        after = crisis("district_b")
        assert len(rendered) == 4
        assert "新的地址 88 号" in [s["address"] for s in after["stations"]]
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        crisis("district_b")
    assert len(rendered) == 5  # the next minute: "open now" is decided again
    assert first["stations"] and first["hotline"] in first["message"]
