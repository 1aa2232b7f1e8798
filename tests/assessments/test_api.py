"""The assessments partner API: instruments, submissions, the crisis path, reports, campaigns."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.utils import timezone
from openapi_spec_validator import validate
from pdfminer.high_level import extract_text

from accounts.models import User
from assessments import services as assessment_services
from assessments.models import (
    Campaign,
    Instrument,
    Report,
    ReportStatus,
    Submission,
)
from core import clock
from network import services as network_services
from network.models import OrgUnit, PartnerApp, Scope
from tests.assessments.definitions import answers_for, parsed, raw_definition
from tests.network import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
INSTRUMENTS = "/api/v1/instruments/"
SUBMIT = "/api/v1/assessments/"
REPORT = "/api/v1/assessments/report/"
PDF = "/api/v1/assessments/report/pdf/"
CAMPAIGNS = "/api/v1/campaigns/"

PHQ9_MODERATE = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # total 10
# A distinctive answer set (total 13, item 9 > 0) to look for in the logs.
PHQ9_TRACEABLE = [3, 2, 1, 0, 3, 2, 1, 0, 1]
WEDNESDAY_10AM = datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
WEDNESDAY_8PM = datetime(2026, 6, 10, 20, 0, tzinfo=SHANGHAI)

MakeApp = Callable[..., tuple[PartnerApp, str]]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def root_user(db: None) -> User:
    return factories.superuser()


@pytest.fixture
def make_app(root_user: User) -> MakeApp:
    def make(
        scopes: tuple[str, ...] = (Scope.ASSESSMENTS_SUBMIT,), unit: OrgUnit | None = None
    ) -> tuple[PartnerApp, str]:
        return network_services.partner_app_create(
            actor=root_user, name="工会App", scopes=list(scopes), unit=unit
        )

    return make


@pytest.fixture
def key(tree: dict[str, OrgUnit], instruments: None, make_app: MakeApp) -> str:
    """The key of a partner app with the `assessments:submit` scope."""
    return make_app()[1]


@pytest.fixture
def api(client: Client, key: str) -> Client:
    """A client sending the partner key on every request, English unless told otherwise."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def submit(api: Client, body: dict[str, Any], **extra: Any) -> Any:
    return api.post(SUBMIT, body, content_type="application/json", **extra)


def freeze(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def make_campaign(
    unit: OrgUnit, *, code: str = "JOIN2026", codes: tuple[str, ...] = ("phq9",), days: int = 7
) -> Campaign:
    today = clock.today()
    campaign = Campaign.objects.create(
        code=code,
        unit=unit,
        name="二〇二六年职工心理测评",
        opens_on=today,
        closes_on=today + timedelta(days=days),
        workforce=120,
    )
    campaign.instruments.set(Instrument.objects.filter(code__in=codes))
    return campaign


# --- instruments ----------------------------------------------------------------------


def test_anyone_reads_the_instruments_with_their_content(client: Client, instruments: None) -> None:
    response = client.get(INSTRUMENTS)

    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body["results"]] == ["gad7", "k10", "phq9", "pss10", "who5"]
    phq9 = next(item for item in body["results"] if item["code"] == "phq9")
    assert phq9["version"] == 1
    assert phq9["license"] == "free"
    assert phq9["short_name"] == {"zh-Hans": "PHQ-9", "en": "PHQ-9"}
    assert phq9["name"]["zh-Hans"] == "患者健康问卷抑郁量表（PHQ-9）"
    assert phq9["time_frame"] == {"zh-Hans": "过去两个星期", "en": "the last 2 weeks"}
    assert phq9["instructions"]["en"].startswith("Over the last 2 weeks")
    assert len(phq9["items"]) == 9
    assert [item["number"] for item in phq9["items"]] == list(range(1, 10))
    assert [option["value"] for option in phq9["items"][8]["options"]] == [0, 1, 2, 3]
    assert set(phq9["items"][0]["options"][0]["label"]) == {"zh-Hans", "en"}
    assert [(b["code"], b["min"], b["max"]) for b in phq9["bands"]] == [
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("moderately_severe", 15, 19),
        ("severe", 20, 27),
    ]
    assert phq9["bands"][2]["label"] == {"zh-Hans": "中度抑郁症状", "en": "Moderate"}
    assert phq9["has_subscales"] is False
    assert (phq9["min_score"], phq9["max_score"]) == (0, 27)
    assert "phqscreeners.com" in phq9["source"]


def test_instrument_detail_by_code(client: Client, instruments: None) -> None:
    response = client.get(f"{INSTRUMENTS}who5/")

    assert response.status_code == 200
    who5 = response.json()
    assert who5["code"] == "who5"
    assert len(who5["items"]) == 5
    assert who5["bands"][0]["code"]


def test_a_partner_app_needs_no_scope_to_read_instruments(
    client: Client, instruments: None, tree: dict[str, OrgUnit], make_app: MakeApp
) -> None:
    _app, no_scope_key = make_app(scopes=())

    listed = client.get(INSTRUMENTS, headers=bearer(no_scope_key))
    detail = client.get(f"{INSTRUMENTS}phq9/", headers=bearer(no_scope_key))

    assert listed.status_code == 200 and listed.json()["count"] == 5
    assert detail.status_code == 200


def test_retired_and_unknown_instruments_are_not_offered(client: Client, instruments: None) -> None:
    Instrument.objects.filter(code="k10").update(is_active=False)

    listed = [item["code"] for item in client.get(INSTRUMENTS).json()["results"]]
    retired = client.get(f"{INSTRUMENTS}k10/")
    unknown = client.get(f"{INSTRUMENTS}scl90/")

    assert "k10" not in listed
    for response in (retired, unknown):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_an_edited_instrument_shows_its_new_version(client: Client, instruments: None) -> None:
    definition = raw_definition("gad7")
    definition["time_frame"] = {"zh-Hans": "过去两周", "en": "the past two weeks"}
    assessment_services.instrument_version_create(actor=None, definition=definition)

    gad7 = client.get(f"{INSTRUMENTS}gad7/").json()

    assert gad7["version"] == 2
    assert gad7["time_frame"]["en"] == "the past two weeks"


# --- submitting -----------------------------------------------------------------------

PHQ9_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]


@pytest.mark.parametrize(("total", "band"), PHQ9_BOUNDARIES)
def test_phq9_scores_and_bands_at_every_boundary(api: Client, total: int, band: str) -> None:
    answers = answers_for(parsed("phq9"), total)

    response = submit(api, {"instrument": "phq9", "answers": answers})

    assert response.status_code == 201
    body = response.json()
    assert body["score"] == total
    assert body["band"] == band
    assert body["percentage"] is None
    expected_band = parsed("phq9").band(band)
    assert body["band_label"] == expected_band.label.en
    assert body["meaning"] == expected_band.meaning.en
    assert body["recommendation"] == expected_band.recommendation.en
    # Severe is a risk band; item 9 is answered above 0 only from a total of 25 on.
    assert body["risk"] is (band == "severe")
    assert ("crisis" in body) is body["risk"]
    assert body["instrument"] == "phq9" and body["version"] == 1
    assert Submission.objects.get(public_id=body["submission_id"]).total == total


def test_the_result_holds_a_retrieval_code_that_opens_it(api: Client) -> None:
    response = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE})

    body = response.json()
    submission = assessment_services.submission_for_code(body["retrieval_code"])
    assert submission is not None
    assert str(submission.public_id) == body["submission_id"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_result_comes_in_the_language_asked_for(api: Client) -> None:
    asked = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE, "language": "zh-Hans"})
    by_header = submit(
        api, {"instrument": "phq9", "answers": PHQ9_MODERATE}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    english = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE, "language": "en"})

    for response in (asked, by_header):
        assert response.json()["language"] == "zh-hans"
        assert response.json()["band_label"] == "中度抑郁症状"
    assert english.json()["band_label"] == "Moderate"
    stored = Submission.objects.order_by("id").values_list("language", flat=True)
    assert list(stored) == ["zh-hans", "zh-hans", "en"]


def test_who5_reports_its_percentage(api: Client) -> None:
    response = submit(api, {"instrument": "who5", "answers": [3, 3, 3, 3, 3]})

    body = response.json()
    assert body["score"] == 15
    assert body["percentage"] == 60


def test_demographics_are_stored_when_given(api: Client, tree: dict[str, OrgUnit]) -> None:
    response = submit(
        api,
        {
            "instrument": "gad7",
            "answers": [0] * 7,
            "district": str(tree["district_a"].public_id),
            "industry": "logistics",
            "key_group": "gig",
            "age_band": "25_34",
        },
    )

    assert response.status_code == 201
    submission = Submission.objects.get()
    assert submission.unit == tree["district_a"]
    assert submission.unit_path == tree["district_a"].path
    assert (submission.industry, submission.key_group, submission.age_band) == (
        "logistics",
        "gig",
        "25_34",
    )


# --- the crisis path ------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        [0, 0, 0, 0, 0, 0, 0, 0, 1],  # total 1, minimal
        [0, 0, 0, 0, 0, 0, 0, 0, 3],  # total 3, minimal
        [1, 1, 1, 1, 1, 0, 0, 0, 2],  # total 7, mild
        [3, 3, 3, 3, 3, 3, 3, 3, 1],  # total 25, severe
    ],
)
def test_a_risky_answer_always_returns_the_crisis_panel(
    api: Client, settings: Any, answers: list[int]
) -> None:
    settings.HOTLINE_NUMBER = "12351"

    response = submit(api, {"instrument": "phq9", "answers": answers})

    body = response.json()
    assert response.status_code == 201
    assert body["risk"] is True
    assert "self_harm_thoughts" in body["risk_reasons"]
    crisis = body["crisis"]
    assert crisis["hotline"] == "12351"
    assert [entry["number"] for entry in crisis["emergency"]] == ["120", "110"]
    assert "12351" in crisis["message"]
    assert crisis["stations"]  # B1 is open around the clock


def test_the_crisis_panel_follows_the_hotline_setting_and_language(
    api: Client, settings: Any
) -> None:
    settings.HOTLINE_NUMBER = "96651"

    response = submit(
        api, {"instrument": "phq9", "answers": [0] * 8 + [1]}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    body = response.json()
    assert body["crisis"]["hotline"] == "96651"
    assert "96651" in body["crisis"]["message"]
    assert body["band_label"] == parsed("phq9").band("minimal").label.zh_hans


@pytest.mark.parametrize(
    ("moment", "district", "expected"),
    [
        # Nearest the district's centre first; the 24-hour station B1 is always open.
        (WEDNESDAY_10AM, "district_a", ["station_a1", "station_b1"]),
        (WEDNESDAY_8PM, "district_a", ["station_b1"]),
        (WEDNESDAY_8PM, "district_b", ["station_b1"]),
        # Without a district: open anywhere, 24-hour stations first.
        (WEDNESDAY_10AM, None, ["station_b1", "station_a1"]),
    ],
)
def test_the_crisis_panel_lists_stations_open_now(
    api: Client,
    tree: dict[str, OrgUnit],
    monkeypatch: pytest.MonkeyPatch,
    moment: datetime,
    district: str | None,
    expected: list[str],
) -> None:
    freeze(monkeypatch, moment)
    body: dict[str, Any] = {"instrument": "phq9", "answers": [0] * 8 + [2]}
    if district is not None:
        body["district"] = str(tree[district].public_id)

    response = submit(api, body)

    stations = response.json()["crisis"]["stations"]
    assert [s["id"] for s in stations] == [str(tree[name].public_id) for name in expected]
    assert stations[0]["name"] == tree[expected[0]].name
    assert {"address", "phone", "lat", "lng", "open_24h"} <= set(stations[0])


def test_the_crisis_panel_uses_the_campaigns_district(
    api: Client, tree: dict[str, OrgUnit], monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY_10AM)
    campaign = make_campaign(tree["room_a1r"])

    response = submit(
        api, {"instrument": "phq9", "answers": [0] * 8 + [1], "campaign": campaign.code}
    )

    stations = response.json()["crisis"]["stations"]
    assert stations[0]["id"] == str(tree["station_a1"].public_id)


def test_no_risk_no_crisis_panel(api: Client) -> None:
    body = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE}).json()

    assert body["risk"] is False
    assert body["risk_reasons"] == []
    assert "crisis" not in body


# --- who may submit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", SUBMIT, {"instrument": "phq9", "answers": PHQ9_MODERATE}),
        ("post", REPORT, {"retrieval_code": "AAAA-BBBB-CCCC-DDDD"}),
        ("get", REPORT, None),
        ("get", PDF, None),
    ],
)
def test_anonymous_callers_are_asked_for_a_key(
    client: Client, instruments: None, method: str, url: str, body: dict[str, Any] | None
) -> None:
    if method == "post":
        response = client.post(url, body, content_type="application/json")
    else:
        response = client.get(url, HTTP_X_RETRIEVAL_CODE="AAAA-BBBB-CCCC-DDDD")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"), [("post", SUBMIT), ("post", REPORT), ("get", REPORT), ("get", PDF)]
)
def test_a_partner_without_the_scope_is_refused(
    client: Client,
    instruments: None,
    tree: dict[str, OrgUnit],
    make_app: MakeApp,
    method: str,
    url: str,
) -> None:
    _app, stations_key = make_app(scopes=(Scope.STATIONS_READ,))
    headers = {**bearer(stations_key), "Accept-Language": "en"}

    if method == "post":
        response = client.post(
            url,
            {"instrument": "phq9", "answers": PHQ9_MODERATE},
            content_type="application/json",
            headers=headers,
        )
    else:
        response = client.get(url, headers={**headers, "X-Retrieval-Code": "AAAA-BBBB-CCCC-DDDD"})

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "scope_missing"
    assert "assessments:submit" in error["message"]
    assert not Submission.objects.exists()


def test_a_revoked_key_is_refused(
    client: Client, instruments: None, tree: dict[str, OrgUnit], make_app: MakeApp, root_user: User
) -> None:
    app, revoked_key = make_app()
    network_services.partner_app_revoke(actor=root_user, app=app)

    posted = client.post(
        SUBMIT,
        {"instrument": "phq9", "answers": PHQ9_MODERATE},
        content_type="application/json",
        headers=bearer(revoked_key),
    )
    read = client.get(INSTRUMENTS, headers=bearer(revoked_key))

    for response in (posted, read):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_key"
    assert not Submission.objects.exists()


# --- bad input ------------------------------------------------------------------------

BAD_INPUT = [
    ({"instrument": "scl90", "answers": [0] * 90}, "instrument"),
    ({"answers": PHQ9_MODERATE}, "instrument"),
    ({"instrument": "phq9"}, "answers"),
    ({"instrument": "phq9", "answers": [1, 2, 3]}, "answers"),
    ({"instrument": "phq9", "answers": [0] * 10}, "answers"),
    ({"instrument": "phq9", "answers": [0] * 8 + [4]}, "answers"),
    ({"instrument": "phq9", "answers": [0] * 8 + [-1]}, "answers"),
    ({"instrument": "phq9", "answers": ["often"] + [0] * 8}, "answers"),
    ({"instrument": "phq9", "answers": "000000000"}, "answers"),
    ({"instrument": "phq9", "answers": PHQ9_MODERATE, "language": "fr"}, "language"),
    ({"instrument": "phq9", "answers": PHQ9_MODERATE, "district": "abc"}, "district"),
    ({"instrument": "phq9", "answers": PHQ9_MODERATE, "industry": "mining"}, "industry"),
    ({"instrument": "phq9", "answers": PHQ9_MODERATE, "key_group": "vip"}, "key_group"),
    ({"instrument": "phq9", "answers": PHQ9_MODERATE, "age_band": "99"}, "age_band"),
]


@pytest.mark.parametrize(("body", "field"), BAD_INPUT)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bad_input_is_a_400_with_field_details(
    api: Client, body: dict[str, Any], field: str, language: str
) -> None:
    response = submit(api, body, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]
    assert (
        error["message"]
        == {"en": "Some fields are not valid.", "zh-hans": "部分字段填写有误。"}[language]
    )
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("language", "count", "option", "district"),
    [
        (
            "en",
            "PHQ-9 has 9 questions; 3 answers were given.",
            "Answer 9 is “4”, which is not an option of question 9 (allowed: 0, 1, 2, 3).",
            "No such district sub-centre.",
        ),
        (
            "zh-hans",
            "PHQ-9 共有 9 道题，但提交了 3 个答案。",
            "第 9 个答案为“4”，不是第 9 题的选项（可选：0, 1, 2, 3）。",
            "没有这个区市分中心。",
        ),
    ],
)
def test_field_details_are_in_the_request_language(
    api: Client,
    tree: dict[str, OrgUnit],
    language: str,
    count: str,
    option: str,
    district: str,
) -> None:
    too_few = submit(
        api, {"instrument": "phq9", "answers": [1, 2, 3]}, HTTP_ACCEPT_LANGUAGE=language
    )
    not_an_option = submit(
        api, {"instrument": "phq9", "answers": [0] * 8 + [4]}, HTTP_ACCEPT_LANGUAGE=language
    )
    station_as_district = submit(
        api,
        {
            "instrument": "phq9",
            "answers": PHQ9_MODERATE,
            "district": str(tree["station_a1"].public_id),
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert too_few.json()["error"]["fields"] == {"answers": [count]}
    assert not_an_option.json()["error"]["fields"] == {"answers": [option]}
    assert station_as_district.json()["error"]["fields"] == {"district": [district]}


def test_a_retired_instrument_cannot_be_submitted(api: Client) -> None:
    Instrument.objects.filter(code="phq9").update(is_active=False)

    response = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["instrument"]


# --- anonymity ------------------------------------------------------------------------


def test_the_stored_submission_has_no_user_ip_or_device(api: Client, worker: User) -> None:
    api.force_login(worker)  # even a signed-in browser session leaves no trace

    response = submit(
        api,
        {"instrument": "phq9", "answers": PHQ9_MODERATE},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="UnionApp/3.1 (iPhone; device 5F2C-99)",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )

    assert response.status_code == 201
    submission = Submission.objects.get()
    names = {field.name for field in Submission._meta.get_fields()}
    assert not names & {"user", "owner", "ip", "ip_address", "device", "user_agent", "name"}
    stored = " ".join(
        str(value) for value in Submission.objects.filter(pk=submission.pk).values().get().values()
    )
    for trace in ("203.0.113.77", "198.51.100.23", "UnionApp", "5F2C", worker.email, "工会App"):
        assert trace not in stored
    assert not hasattr(submission, "archive_entry")


@pytest.fixture
def sql_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Everything at DEBUG, SQL included, as `DEBUG = True` with SQL logging turned on.

    pytest runs with DEBUG off, and the project leaves `django` loggers at INFO:
    this is the most talkative logging an operator could configure.
    """
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True
    try:
        yield
    finally:
        connection.force_debug_cursor = False


def test_logs_of_a_submission_hold_neither_answers_nor_code(
    api: Client, key: str, caplog: pytest.LogCaptureFixture, sql_logged: None
) -> None:
    app = PartnerApp.objects.get()
    caplog.set_level(logging.DEBUG)

    response = submit(api, {"instrument": "phq9", "answers": PHQ9_TRACEABLE})

    assert response.status_code == 201
    code = response.json()["retrieval_code"]
    text = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert "django.db.backends" in {r.name for r in caplog.records}  # SQL was logged…
    for trace in ("3, 2, 1, 0, 3", "3,2,1,0,3", code, assessment_services.normalise_code(code)):
        assert trace not in text  # …but neither the answers nor the code
    assert key not in text
    attribution = [r.getMessage() for r in caplog.records if r.name == "network.api"]
    assert attribution == [f"partner_app={app.pk} POST {SUBMIT}"]


def test_bad_input_logs_no_answers(
    api: Client, caplog: pytest.LogCaptureFixture, sql_logged: None
) -> None:
    caplog.set_level(logging.DEBUG)

    response = submit(api, {"instrument": "phq9", "answers": [3, 2, 1, 0, 3, 2, 1, 0, 9]})

    assert response.status_code == 400
    records = " ".join(r.getMessage() for r in caplog.records)
    assert "3, 2, 1, 0, 3" not in records and "3,2,1,0,3" not in records


# --- campaigns ------------------------------------------------------------------------


def test_the_campaign_join_flow_data(
    client: Client, instruments: None, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"], codes=("phq9", "gad7"))

    response = client.get(f"{CAMPAIGNS}{campaign.code}/")
    lower_case = client.get(f"{CAMPAIGNS}{campaign.code.lower()}/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "JOIN2026"
    assert body["name"] == "二〇二六年职工心理测评"
    assert body["unit"]["name"] == "甲区企业服务室"
    assert body["unit"]["id"] == str(tree["room_ar"].public_id)
    assert body["opens_on"] == campaign.opens_on.isoformat()
    assert body["closes_on"] == campaign.closes_on.isoformat()
    assert body["is_open"] is True
    assert [i["code"] for i in body["instruments"]] == ["gad7", "phq9"]
    assert body["instruments"][1]["name"] == {
        "zh-Hans": "患者健康问卷抑郁量表（PHQ-9）",
        "en": "Patient Health Questionnaire (PHQ-9)",
    }
    assert lower_case.json() == body


def test_a_closed_campaign_says_so_and_unknown_codes_are_404(
    client: Client, instruments: None, tree: dict[str, OrgUnit]
) -> None:
    campaign = make_campaign(tree["room_ar"])
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=clock.today() - timedelta(days=9),
        closes_on=clock.today() - timedelta(days=2),
    )

    closed = client.get(f"{CAMPAIGNS}{campaign.code}/")
    unknown = client.get(f"{CAMPAIGNS}NOSUCHCODE/")

    assert closed.json()["is_open"] is False
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"


def test_a_unit_limited_partner_sees_only_its_campaigns(
    client: Client, instruments: None, tree: dict[str, OrgUnit], make_app: MakeApp
) -> None:
    """The outsider case: an app of district B neither reads nor joins district A's campaign."""
    campaign = make_campaign(tree["room_ar"])
    _app_a, key_a = make_app(unit=tree["district_a"])
    _app_b, key_b = make_app(unit=tree["district_b"])
    body = {"instrument": "phq9", "answers": PHQ9_MODERATE, "campaign": campaign.code}

    inside = client.get(f"{CAMPAIGNS}{campaign.code}/", headers=bearer(key_a))
    outside = client.get(f"{CAMPAIGNS}{campaign.code}/", headers=bearer(key_b))
    joined = client.post(SUBMIT, body, content_type="application/json", headers=bearer(key_a))
    refused = client.post(
        SUBMIT,
        body,
        content_type="application/json",
        headers={**bearer(key_b), "Accept-Language": "en"},
    )
    unknown = client.post(
        SUBMIT,
        {**body, "campaign": "NOSUCHCODE"},
        content_type="application/json",
        headers={**bearer(key_b), "Accept-Language": "en"},
    )

    assert inside.status_code == 200
    assert outside.status_code == 404
    assert joined.status_code == 201
    # Outside the app's unit answers exactly like an unknown code.
    assert refused.status_code == unknown.status_code == 404
    assert refused.json() == unknown.json()
    assert refused.json()["error"]["fields"] == {"campaign": ["No such unit assessment."]}
    assert Submission.objects.get().campaign == campaign


def test_a_submission_joins_an_open_campaign_only(api: Client, tree: dict[str, OrgUnit]) -> None:
    campaign = make_campaign(tree["room_ar"])

    joined = submit(
        api, {"instrument": "phq9", "answers": PHQ9_MODERATE, "campaign": campaign.code.lower()}
    )
    other_instrument = submit(
        api, {"instrument": "gad7", "answers": [0] * 7, "campaign": campaign.code}
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=clock.today() + timedelta(days=1),
        closes_on=clock.today() + timedelta(days=8),
    )
    not_yet = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE, "campaign": "JOIN2026"})

    assert joined.status_code == 201
    submission = Submission.objects.get(public_id=joined.json()["submission_id"])
    assert submission.campaign == campaign
    assert submission.unit == tree["room_ar"]
    assert other_instrument.status_code == 400
    assert list(other_instrument.json()["error"]["fields"]) == ["instrument"]
    assert not_yet.status_code == 400
    assert not_yet.json()["error"]["code"] == "campaign_closed"
    assert Submission.objects.count() == 1


# --- reports --------------------------------------------------------------------------


@pytest.fixture
def code(api: Client) -> str:
    """The retrieval code of a PHQ-9 result with total 10 (moderate, 中度)."""
    response = submit(api, {"instrument": "phq9", "answers": PHQ9_MODERATE})
    retrieval_code: str = response.json()["retrieval_code"]
    return retrieval_code


def ask_for_report(api: Client, code: str, language: str = "zh-hans") -> Any:
    return api.post(
        REPORT, {"retrieval_code": code, "language": language}, content_type="application/json"
    )


def test_a_report_is_made_and_downloaded_with_the_code(
    api: Client,
    code: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        requested = ask_for_report(api, code)

    assert requested.status_code == 202
    report = Report.objects.get()
    assert requested.json()["id"] == str(report.public_id)
    assert requested.json()["language"] == "zh-hans"
    assert requested.json()["status"] in {"pending", "done"}

    listed = api.get(REPORT, HTTP_X_RETRIEVAL_CODE=code)
    assert listed.status_code == 200
    submission = Submission.objects.get()
    assert listed.json()["submission_id"] == str(submission.public_id)
    assert [(r["id"], r["language"], r["status"]) for r in listed.json()["reports"]] == [
        (str(report.public_id), "zh-hans", "done")
    ]
    assert listed.headers["Cache-Control"] == "private, no-store"

    pdf = api.get(PDF, {"language": "zh-hans"}, HTTP_X_RETRIEVAL_CODE=code)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    assert pdf.content.startswith(b"%PDF")
    assert "中度" in extract_text(io.BytesIO(pdf.content))


def test_the_pdf_is_served_to_a_client_asking_for_a_pdf(
    api: Client, code: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_report(api, code, "en")

    pdf = api.get(
        PDF, {"language": "en"}, HTTP_X_RETRIEVAL_CODE=code, HTTP_ACCEPT="application/pdf"
    )
    missing = api.get(
        PDF, {"language": "zh-hans"}, HTTP_X_RETRIEVAL_CODE=code, HTTP_ACCEPT="application/pdf"
    )

    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "application/json"
    assert missing.json()["error"]["code"] == "not_found"


def test_the_pdf_language_defaults_to_the_requests(
    api: Client, code: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_report(api, code, "en")

    english = api.get(PDF, HTTP_X_RETRIEVAL_CODE=code, HTTP_ACCEPT_LANGUAGE="en")
    chinese = api.get(PDF, HTTP_X_RETRIEVAL_CODE=code, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == 200
    assert chinese.status_code == 404


def test_a_pending_report_is_a_409_until_done(api: Client, code: str) -> None:
    # On-commit callbacks never run here: the task is not sent, the report stays pending.
    requested = ask_for_report(api, code)

    assert requested.json()["status"] == "pending"
    pending = api.get(PDF, {"language": "zh-hans"}, HTTP_X_RETRIEVAL_CODE=code)
    Report.objects.update(status=ReportStatus.RUNNING)
    running = api.get(PDF, {"language": "zh-hans"}, HTTP_X_RETRIEVAL_CODE=code)

    for response in (pending, running):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "report_not_ready"
        assert error["message"]
    statuses = [r["status"] for r in api.get(REPORT, HTTP_X_RETRIEVAL_CODE=code).json()["reports"]]
    assert statuses == ["running"]


def test_asking_again_makes_no_second_report_and_retries_a_failed_one(
    api: Client, code: str, django_capture_on_commit_callbacks: Any
) -> None:
    first = ask_for_report(api, code)
    second = ask_for_report(api, code)
    assert first.json()["id"] == second.json()["id"]
    assert Report.objects.count() == 1

    Report.objects.update(status=ReportStatus.FAILED, error_code="timeout")
    failed = api.get(PDF, {"language": "zh-hans"}, HTTP_X_RETRIEVAL_CODE=code)
    assert failed.status_code == 409
    assert failed.json()["error"]["code"] == "report_failed"

    with django_capture_on_commit_callbacks(execute=True):
        retried = ask_for_report(api, code)
    assert retried.status_code == 202
    assert retried.json()["id"] == first.json()["id"]
    assert Report.objects.get().status == ReportStatus.DONE


@pytest.mark.parametrize(
    "wrong", ["AAAA-BBBB-CCCC-DDDD", "too-short", "", "ZZZZ ZZZZ ZZZZ ZZZZ ZZZZ"]
)
def test_a_wrong_code_opens_nothing(api: Client, code: str, wrong: str) -> None:
    requested = ask_for_report(api, wrong) if wrong else None
    listed = api.get(REPORT, HTTP_X_RETRIEVAL_CODE=wrong)
    pdf = api.get(PDF, HTTP_X_RETRIEVAL_CODE=wrong)

    for response in (listed, pdf):
        # A blank header is a missing one: 400, naming the header.
        assert response.status_code == (404 if wrong else 400)
        assert response.json()["error"]["code"] == ("not_found" if wrong else "validation_error")
    if requested is not None:
        assert requested.status_code == 404
    assert not Report.objects.exists()


def test_a_missing_header_or_an_expired_code_opens_nothing(api: Client, code: str) -> None:
    no_header = api.get(REPORT)
    Submission.objects.update(expires_on=clock.today())
    expired = ask_for_report(api, code)

    assert no_header.status_code == 400
    assert list(no_header.json()["error"]["fields"]) == ["X-Retrieval-Code"]
    assert expired.status_code == 404
    assert not Report.objects.exists()


def test_report_input_is_validated(api: Client, code: str) -> None:
    no_code = api.post(REPORT, {}, content_type="application/json")
    bad_language = ask_for_report(api, code, "fr")
    bad_query = api.get(PDF, {"language": "fr"}, HTTP_X_RETRIEVAL_CODE=code)

    assert list(no_code.json()["error"]["fields"]) == ["retrieval_code"]
    assert list(bad_language.json()["error"]["fields"]) == ["language"]
    assert list(bad_query.json()["error"]["fields"]) == ["language"]


def test_the_code_never_travels_in_a_url_or_the_logs(
    api: Client, code: str, caplog: pytest.LogCaptureFixture, sql_logged: None
) -> None:
    caplog.set_level(logging.DEBUG)

    ask_for_report(api, code)
    api.get(REPORT, HTTP_X_RETRIEVAL_CODE=code)
    api.get(PDF, HTTP_X_RETRIEVAL_CODE=code)

    text = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert code not in text
    assert assessment_services.normalise_code(code) not in text


# --- query budgets --------------------------------------------------------------------


def add_instruments(count: int) -> None:
    base = raw_definition("gad7")
    for i in range(count):
        assessment_services.instrument_version_create(
            actor=None, definition={**base, "code": f"extra{i}"}
        )


def test_instruments_cost_the_same_queries_at_two_sizes(
    client: Client, instruments: None, django_assert_max_num_queries: Any
) -> None:
    for size in ("small", "large"):
        if size == "large":
            add_instruments(12)
        # count, page of versions with their instruments
        with django_assert_max_num_queries(2):
            listed = client.get(INSTRUMENTS)
        with django_assert_max_num_queries(1):
            detail = client.get(f"{INSTRUMENTS}phq9/")
        assert listed.status_code == detail.status_code == 200
    assert listed.json()["count"] == 17


def test_a_campaign_costs_the_same_queries_at_two_sizes(
    client: Client,
    instruments: None,
    tree: dict[str, OrgUnit],
    django_assert_max_num_queries: Any,
) -> None:
    campaign = make_campaign(tree["room_ar"], codes=("phq9",))
    for size in ("small", "large"):
        if size == "large":
            add_instruments(12)
            campaign.instruments.set(Instrument.objects.all())
        # campaign with its unit, its instruments
        with django_assert_max_num_queries(2):
            response = client.get(f"{CAMPAIGNS}{campaign.code}/")
        assert response.status_code == 200
    assert len(response.json()["instruments"]) == 17


def test_report_status_costs_the_same_queries_at_two_sizes(
    api: Client, code: str, django_assert_max_num_queries: Any
) -> None:
    api.get(INSTRUMENTS)  # the key's last use is recorded; later requests skip that write
    for language in ("zh-hans", "en"):
        ask_for_report(api, code, language)
        # key, submission, reports
        with django_assert_max_num_queries(3):
            response = api.get(REPORT, HTTP_X_RETRIEVAL_CODE=code)
        assert len(response.json()["reports"]) == (1 if language == "zh-hans" else 2)


def test_a_submission_costs_a_bounded_number_of_queries(
    api: Client, tree: dict[str, OrgUnit], django_assert_max_num_queries: Any
) -> None:
    api.get(INSTRUMENTS)
    body = {
        "instrument": "phq9",
        "answers": [0] * 8 + [1],
        "district": str(tree["district_a"].public_id),
    }
    # key, district, version (input), version (service), savepoint, insert, release,
    # district centre (2), stations with services, hours and exceptions (4)
    with django_assert_max_num_queries(13):
        response = submit(api, body)
    assert response.status_code == 201


# --- schema ---------------------------------------------------------------------------


def test_schema_validates_and_documents_the_assessments_api(client: Client) -> None:
    spec = yaml.safe_load(client.get("/api/v1/schema/").content)

    validate(spec)
    paths = spec["paths"]
    for path in (
        INSTRUMENTS,
        "/api/v1/instruments/{code}/",
        SUBMIT,
        REPORT,
        PDF,
        "/api/v1/campaigns/{code}/",
    ):
        assert path in paths
    submit_op = paths[SUBMIT]["post"]
    assert {"201", "400", "401", "403", "404"} <= set(submit_op["responses"])
    assert submit_op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Error"
    )
    for method, path in (("get", REPORT), ("get", PDF)):
        headers = [p for p in paths[path][method]["parameters"] if p["in"] == "header"]
        assert [(h["name"], h["required"]) for h in headers] == [("X-Retrieval-Code", True)]
    pdf_op = paths[PDF]["get"]
    assert "application/pdf" in pdf_op["responses"]["200"]["content"]
    assert "409" in pdf_op["responses"]
    assert "202" in paths[REPORT]["post"]["responses"]
    result = spec["components"]["schemas"]["SubmissionResult"]
    assert "crisis" not in result["required"]
    assert {"score", "band", "risk", "retrieval_code", "submission_id"} <= set(result["required"])
