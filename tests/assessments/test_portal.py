"""The worker portal: choose, answer, see the result, the crisis path, codes and call-backs."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments import scoring, services, throttle
from assessments.models import CallbackRequest, Campaign, Instrument, Report, Submission
from core import clock
from network.models import OrgUnit, Role
from tests.assessments.definitions import SHIPPED, answers_for, parsed
from tests.assessments.portal import (
    GAD7_MODERATE,
    PHQ9_MILD,
    checked,
    finish_url,
    grant_access,
    page_url,
    result_url,
    take,
    take_url,
)
from tests.network import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("assessments:index")
OPEN_CODE = reverse("assessments:open_code")
CODE_SHAPE = re.compile(
    r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b"
)


@pytest.fixture
def english(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def only_submission() -> Submission:
    return Submission.objects.select_related("instrument_version__instrument").get()


# --- choosing -------------------------------------------------------------------------


def test_the_index_lists_the_instruments_and_the_check_up(
    instruments: None, client: Client
) -> None:
    page = html(client.get(INDEX))
    assert "患者健康问卷抑郁量表（PHQ-9）" in page
    assert "过去两个星期" in page  # the time frame
    assert reverse("assessments:take", kwargs={"key": "checkup"}) in page
    for code in SHIPPED:
        assert reverse("assessments:take", kwargs={"key": code}) in page
    assert "<dd>9</dd>" in page  # PHQ-9's questions
    assert "<dd>16</dd>" in page  # the check-up: 9 + 7


def test_retired_instruments_are_not_offered(instruments: None, client: Client) -> None:
    Instrument.objects.filter(code="k10").update(is_active=False)
    assert reverse("assessments:take", kwargs={"key": "k10"}) not in html(client.get(INDEX))
    assert client.get(take_url("k10")).status_code == 404
    assert client.get(take_url("nonsense")).status_code == 404


def test_the_nav_and_the_home_page_link_to_the_self_assessment(
    instruments: None, client: Client
) -> None:
    home = html(client.get("/"))
    assert home.count(f'href="{INDEX}"') >= 2  # the nav link and the home card


# --- answering ------------------------------------------------------------------------


def test_phq9_in_chinese_pages_progress_back_and_skip(instruments: None, client: Client) -> None:
    intro = html(client.get(take_url("phq9")))
    assert "患者健康问卷抑郁量表（PHQ-9）" in intro
    started = client.post(take_url("phq9"))
    assert started["Location"] == page_url("phq9", 1)

    first = client.get(page_url("phq9", 1))
    body = html(first)
    assert "1–3 / 9" in body
    assert "在过去两个星期，有多少时候您受到以下任何问题所困扰？" in body  # the instructions
    assert body.count("<fieldset") == 3 and body.count("<legend") == 3
    assert "做事时提不起劲或没有兴趣" in body and "完全不会" in body
    assert 'type="radio"' in body and "<script>" not in body

    moved = client.post(page_url("phq9", 1), {"q1": 1, "q2": 1, "q3": 1})
    assert moved["Location"] == page_url("phq9", 2)
    assert "4–6 / 9" in html(client.get(page_url("phq9", 2)))

    # Back keeps what was given on both pages, even a page left half done.
    back = client.post(page_url("phq9", 2), {"q4": 1, "back": "1"})
    assert back["Location"] == page_url("phq9", 1)
    again = html(client.get(page_url("phq9", 1)))
    assert checked(again, "q1", 1) and checked(again, "q3", 1)
    assert not checked(again, "q1", 0)
    page_two = html(client.get(page_url("phq9", 2)))
    assert checked(page_two, "q4", 1)
    assert not any(checked(page_two, "q5", v) for v in range(4))

    assert client.post(page_url("phq9", 2), {"q4": 1, "q5": 1, "q6": 0}).status_code == 302
    assert "7–9 / 9" in html(client.get(page_url("phq9", 3)))
    last = client.post(page_url("phq9", 3), {"q7": 0, "q8": 0, "q9": 0})
    assert last["Location"] == finish_url("phq9")

    finish = html(client.get(finish_url("phq9")))
    assert 'name="skip"' in finish and 'name="district"' in finish
    assert 'name="archive"' not in finish  # anonymous visitors have no archive
    assert not Submission.objects.exists()  # nothing stored before the last step

    done = client.post(finish_url("phq9"), {"skip": "1", "industry": "logistics"})
    submission = only_submission()
    assert done["Location"] == result_url(submission)
    assert submission.answers == PHQ9_MILD
    assert submission.band_code == "mild"
    assert submission.language == "zh-hans"
    assert (submission.unit, submission.industry, submission.age_band) == (None, "", "")

    result = html(client.get(done["Location"]))
    assert "轻度抑郁症状" in result  # the band in plain (Chinese) words
    assert "有一些抑郁相关的症状" in result  # its meaning
    assert 'id="crisis"' not in result
    assert client.session.get("assessments.flows", {}) == {}  # partial answers are gone


def test_a_page_with_a_missing_answer_says_which(instruments: None, english: Client) -> None:
    english.post(take_url("phq9"))
    response = english.post(page_url("phq9", 1), {"q1": 0, "q3": 0})
    assert response.status_code == 400
    body = html(response)
    assert "Choose an answer to question 2." in body
    assert 'href="#q2-legend"' in body
    assert checked(body, "q1", 0)  # what was given stays chosen


def test_an_answer_that_is_not_offered_is_refused(instruments: None, english: Client) -> None:
    english.post(take_url("phq9"))
    response = english.post(page_url("phq9", 1), {"q1": 7, "q2": 0, "q3": 0})
    assert response.status_code == 400
    assert "Choose one of the answers offered." in html(response)


def test_pages_need_a_started_questionnaire(instruments: None, client: Client) -> None:
    assert client.get(page_url("phq9", 1))["Location"] == take_url("phq9")
    assert client.get(finish_url("phq9"))["Location"] == take_url("phq9")
    client.post(take_url("phq9"))
    assert client.get(page_url("phq9", 4)).status_code == 404
    # The last step sends the worker back to the first unanswered page.
    client.post(page_url("phq9", 1), {"q1": 0, "q2": 0, "q3": 0})
    assert client.get(finish_url("phq9"))["Location"] == page_url("phq9", 2)


def test_the_optional_questions_are_stored_when_given(
    instruments: None, client: Client, tree: dict[str, OrgUnit]
) -> None:
    take(
        client,
        "phq9",
        {"phq9": PHQ9_MILD},
        finish={
            "district": str(tree["district_a"].public_id),
            "industry": "logistics",
            "key_group": "gig",
            "age_band": "25_34",
        },
    )
    submission = only_submission()
    assert submission.unit == tree["district_a"]
    assert submission.unit_path == tree["district_a"].path
    assert (submission.industry, submission.key_group, submission.age_band) == (
        "logistics",
        "gig",
        "25_34",
    )


def test_the_check_up_gives_one_page_with_both_results(instruments: None, client: Client) -> None:
    intro = html(client.get(take_url("checkup")))
    assert "患者健康问卷抑郁量表（PHQ-9）" in intro
    response = take(client, "checkup", {"phq9": PHQ9_MILD, "gad7": GAD7_MODERATE})
    phq9 = Submission.objects.get(instrument_version__instrument__code="phq9")
    gad7 = Submission.objects.get(instrument_version__instrument__code="gad7")
    assert response["Location"] == reverse(
        "assessments:results", kwargs={"public_ids": [phq9.public_id, gad7.public_id]}
    )
    page = html(client.get(response["Location"]))
    assert "轻度抑郁症状" in page
    assert gad7.band_code == "moderate"
    assert parsed("gad7").band("moderate").label.zh_hans in page
    assert len(set(CODE_SHAPE.findall(page))) == 1  # one code for the whole check-up


def test_a_bundle_part_shows_its_own_progress(instruments: None, english: Client) -> None:
    english.post(take_url("checkup"))
    for page in (1, 2, 3):
        english.post(page_url("checkup", page), {f"q{n}": 0 for n in range(1, 10)})
    body = html(english.get(page_url("checkup", 4)))
    assert "Part 2 of 2: GAD-7" in body
    assert "1–3 / 7" in body


def test_a_campaign_tags_the_submission(
    instruments: None, client: Client, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    campaign = Campaign.objects.create(
        code="JOINME01",
        unit=tree["room_ar"],
        name="春季测评",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        workforce=50,
    )
    campaign.instruments.add(Instrument.objects.get(code="phq9"))
    intro = html(client.get(take_url("phq9") + "?campaign=JOINME01"))
    assert "春季测评" in intro
    client.post(take_url("phq9"), {"campaign": "JOINME01"})
    for page in (1, 2, 3):
        client.post(page_url("phq9", page), {f"q{n}": 0 for n in range(1, 10)})
    finish = html(client.get(finish_url("phq9")))
    assert 'name="district"' not in finish  # the campaign's unit counts
    client.post(finish_url("phq9"), {"skip": "1"})
    submission = only_submission()
    assert submission.campaign == campaign
    assert submission.unit == tree["room_ar"]


def test_a_closed_campaign_or_another_instrument_says_so_before_answering(
    instruments: None, english: Client, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    campaign = Campaign.objects.create(
        code="OLDONE01",
        unit=tree["room_ar"],
        name="Autumn",
        opens_on=today - timedelta(days=10),
        closes_on=today - timedelta(days=1),
        workforce=50,
    )
    campaign.instruments.add(Instrument.objects.get(code="phq9"))
    closed = html(english.get(take_url("phq9") + "?campaign=OLDONE01"))
    assert "This unit assessment is not open today." in closed
    assert english.post(take_url("phq9"), {"campaign": "OLDONE01"}).status_code == 200
    assert "assessments.flows" not in english.session

    Campaign.objects.filter(pk=campaign.pk).update(closes_on=today)
    wrong = html(english.get(take_url("gad7") + "?campaign=OLDONE01"))
    assert "This questionnaire is not part of the unit assessment." in wrong
    assert english.get(take_url("phq9") + "?campaign=NOSUCH").status_code == 404


def test_a_campaign_closing_while_answering_shows_the_message(
    instruments: None, english: Client, tree: dict[str, OrgUnit]
) -> None:
    today = clock.today()
    campaign = Campaign.objects.create(
        code="CLOSING1",
        unit=tree["room_ar"],
        name="Closing",
        opens_on=today,
        closes_on=today,
        workforce=50,
    )
    campaign.instruments.add(Instrument.objects.get(code="gad7"))
    english.post(take_url("gad7"), {"campaign": "CLOSING1"})
    for page in (1, 2, 3):
        english.post(page_url("gad7", page), {f"q{n}": 0 for n in range(1, 8)})
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=today - timedelta(days=3), closes_on=today - timedelta(days=1)
    )
    response = english.post(finish_url("gad7"), {"skip": "1"})
    assert response.status_code == 400
    assert "This unit assessment is not open today." in html(response)
    assert not Submission.objects.exists()


# --- the crisis path ------------------------------------------------------------------


def crisis_before_score(page: str) -> None:
    assert 'id="crisis"' in page
    assert page.index('id="crisis"') < page.index("data-score")
    assert 'href="tel:12351"' in page
    assert 'href="tel:120"' in page and 'href="tel:110"' in page
    assert 'name="callback-contact_phone"' in page


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_answer_above_not_at_all_on_item_9_shows_the_crisis_panel_first(
    instruments: None, client: Client, item9: int
) -> None:
    response = take(client, "phq9", {"phq9": [0, 0, 0, 0, 0, 0, 0, 0, item9]})
    page = html(client.get(response["Location"]))
    crisis_before_score(page)
    assert "您提到近两周有过不如死掉或伤害自己的念头。" in page  # the reason, in Chinese
    assert only_submission().band_code == "minimal"


RISK_BANDS = [
    (code, band_code)
    for code in SHIPPED
    for rule in parsed(code).risk_rules
    if rule.kind == scoring.RiskKind.BAND
    for band_code in rule.bands
]


@pytest.mark.parametrize(("code", "band_code"), RISK_BANDS)
def test_every_risk_band_shows_the_crisis_panel_first(
    instruments: None, english: Client, code: str, band_code: str
) -> None:
    definition = parsed(code)
    band = definition.band(band_code)
    answers = answers_for(definition, int(band.min))
    response = take(english, code, {code: answers})
    submission = only_submission()
    assert submission.band_code == band_code and submission.risk
    page = html(english.get(response["Location"]))
    crisis_before_score(page)
    assert band.label.en in page


def test_no_risk_no_crisis_panel(instruments: None, english: Client) -> None:
    response = take(english, "gad7", {"gad7": GAD7_MODERATE})
    page = html(english.get(response["Location"]))
    assert 'id="crisis"' not in page
    assert "Moderate" in page


def test_the_crisis_panel_lists_the_nearest_station_open_now(
    instruments: None, client: Client, tree: dict[str, OrgUnit]
) -> None:
    submission, _code = services.submission_create(
        actor=None,
        instrument_code="phq9",
        answers=[0] * 8 + [2],
        language="zh-hans",
        demographics=services.Demographics(district=tree["district_b"]),
    )
    grant_access(client, submission)
    page = html(client.get(result_url(submission)))
    crisis = page[page.index('id="crisis"') : page.index("data-score")]
    assert tree["station_b1"].name in crisis  # open 24 hours, in the district
    # Next steps: the station finder, measured from the worker's district.
    assert f"/stations/?from_district={tree['district_b'].public_id}" in page


def test_without_a_district_the_crisis_panel_lists_stations_open_now(
    instruments: None, client: Client, tree: dict[str, OrgUnit]
) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=[0] * 8 + [1], language="zh-hans"
    )
    grant_access(client, submission)
    page = html(client.get(result_url(submission)))
    crisis = page[page.index('id="crisis"') : page.index("data-score")]
    assert tree["station_b1"].name in crisis
    assert tree["room_ar"].name not in crisis  # no opening hours: never open


# --- call-back requests -----------------------------------------------------------------


@pytest.fixture
def risky(instruments: None, client: Client, tree: dict[str, OrgUnit]) -> Submission:
    response = take(client, "phq9", {"phq9": [0] * 8 + [3]})
    client.get(response["Location"])
    return only_submission()


def callback_url(submission: Submission) -> str:
    return reverse("assessments:callback", kwargs={"public_ids": [submission.public_id]})


def test_a_call_back_with_a_bad_number_shows_the_field_error_and_stores_nothing(
    risky: Submission, client: Client
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        callback_url(risky), {"callback-contact_phone": "12345", "callback-consent": "on"}
    )
    assert response.status_code == 400
    page = html(response)
    assert "Give a mobile number (11 digits) or a landline number." in page
    assert 'href="#id_callback-contact_phone"' in page
    assert not CallbackRequest.objects.exists()

    no_consent = html(client.post(callback_url(risky), {"callback-contact_phone": "13800138000"}))
    assert "We can only call you back with your consent." in no_consent
    assert not CallbackRequest.objects.exists()


def test_a_call_back_is_stored_and_the_duty_operators_are_alerted_on_commit(
    risky: Submission,
    client: Client,
    tree: dict[str, OrgUnit],
    django_capture_on_commit_callbacks: object,
) -> None:
    factories.staff("operator@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        response = client.post(
            callback_url(risky),
            {
                "callback-contact_phone": "138 0013 8000",
                "callback-contact_name": "小王",
                "callback-preferred_time": "evenings",
                "callback-consent": "on",
            },
        )
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"].endswith(result_url(risky) + "#crisis")
    request = CallbackRequest.objects.get()
    # Stored in E.164 however it was written (core.phone).
    assert (request.contact_phone, request.submission) == ("+8613800138000", risky)
    assert mail.outbox[0].to == ["operator@example.com"]
    page = html(client.get(result_url(risky)))
    assert "The hotline will call you back" in page
    assert "13800138000" not in page and "138 0013 8000" not in page


def test_a_call_back_needs_access_to_the_result(risky: Submission) -> None:
    stranger = Client()
    response = stranger.post(
        callback_url(risky), {"callback-contact_phone": "13800138000", "callback-consent": "on"}
    )
    assert response.status_code == 404
    assert not CallbackRequest.objects.exists()


# --- retrieval codes ------------------------------------------------------------------


def test_the_code_is_shown_once_and_opens_the_result_elsewhere(
    instruments: None, client: Client
) -> None:
    response = take(client, "phq9", {"phq9": PHQ9_MILD})
    first = html(client.get(response["Location"]))
    codes = CODE_SHAPE.findall(first)
    assert len(set(codes)) == 1
    code = codes[0]
    assert "<svg" in first and 'class="qr"' in first  # the QR code, inline
    assert 'data-copy="retrieval-code-1"' in first
    assert 'src="/static/js/assessments.js"' in first and "<script>" not in first
    assert response["Location"].endswith(f"/result/{only_submission().public_id}/")
    assert "no-store" in client.get(response["Location"])["Cache-Control"]

    second = html(client.get(response["Location"]))
    assert code not in second
    assert "轻度抑郁症状" in second  # the result itself stays
    assert "assessments.new_codes" not in client.session

    elsewhere = Client()
    assert elsewhere.get(response["Location"]).status_code == 404
    opened = elsewhere.post(OPEN_CODE, {"code": code.lower().replace("-", " ")})
    assert opened["Location"] == response["Location"]
    page = html(elsewhere.get(opened["Location"]))
    assert "轻度抑郁症状" in page
    assert code not in page


def test_the_qr_code_holds_only_the_code(instruments: None, client: Client) -> None:
    from core.qr import qr_svg

    response = take(client, "phq9", {"phq9": PHQ9_MILD})
    page = html(client.get(response["Location"]))
    code = CODE_SHAPE.findall(page)[0]
    svg = str(qr_svg(code, label="QR code of your retrieval code"))
    assert svg.split(">", 1)[1] in page  # the same drawing as the code's own QR
    assert "http" not in svg.split(">", 1)[1]


def test_a_wrong_code_says_so(instruments: None, english: Client) -> None:
    response = english.post(OPEN_CODE, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 400
    assert "No result matches this code." in html(response)
    # A code in the query string is never read (it would reach server logs).
    page = english.get(OPEN_CODE + "?code=AAAA-BBBB-CCCC-DDDD")
    assert page.status_code == 200
    assert 'value="AAAA-BBBB-CCCC-DDDD"' not in html(page)
    assert "No result matches" not in html(page)


def test_code_attempts_are_limited(instruments: None, english: Client) -> None:
    submission, code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    for _attempt in range(throttle.CODE_ATTEMPTS):
        assert english.post(OPEN_CODE, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 400
    blocked = english.post(OPEN_CODE, {"code": code})
    assert blocked.status_code == 429
    assert "Too many attempts" in html(blocked)
    assert english.get(result_url(submission)).status_code == 404
    # Another visitor from the same address is limited too.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert other.post(OPEN_CODE, {"code": code}).status_code == 429


def test_a_result_is_not_found_without_access(instruments: None, client: Client) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="zh-hans"
    )
    assert client.get(result_url(submission)).status_code == 404
    grant_access(client, submission)
    assert client.get(result_url(submission)).status_code == 200
    Submission.objects.filter(pk=submission.pk).update(expires_on=clock.today())
    assert client.get(result_url(submission)).status_code == 404


# --- anonymity --------------------------------------------------------------------------


def test_the_logs_of_answering_and_submitting_hold_no_answers_and_no_code(
    instruments: None, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    answers = [3, 2, 1, 3, 2, 1, 3, 2, 0]
    for name in (None, "django", "django.request", "django.db.backends", "assessments"):
        caplog.set_level(logging.DEBUG, logger=name)
    response = take(client, "phq9", {"phq9": answers})
    page = html(client.get(response["Location"]))
    code = CODE_SHAPE.findall(page)[0]
    logged = caplog.text
    assert code not in logged and code.replace("-", "") not in logged
    assert json.dumps(answers) not in logged and str(answers) not in logged
    assert "[3,2,1,3,2,1,3,2,0]" not in logged


def test_a_stored_submission_has_no_user_ip_or_device(
    instruments: None, client: Client, worker: User
) -> None:
    client.force_login(worker)
    take(client, "phq9", {"phq9": PHQ9_MILD})
    submission = only_submission()
    values = [str(getattr(submission, f.attname)) for f in Submission._meta.concrete_fields]
    for trace in ("127.0.0.1", worker.email, str(worker.phone), "TestPhone/1.0"):
        assert not any(trace in value for value in values)
    assert not hasattr(submission, "archive_entry")


def test_the_submit_request_carries_no_device_into_the_submission(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    client = Client(HTTP_USER_AGENT="TestPhone/1.0", REMOTE_ADDR="203.0.113.9")
    take(client, "phq9", {"phq9": PHQ9_MILD})
    values = [str(getattr(only_submission(), f.attname)) for f in Submission._meta.concrete_fields]
    assert not any("TestPhone" in v or "203.0.113.9" in v for v in values)


# --- English, reports and query budgets ----------------------------------------------------


def test_english_pages(instruments: None, english: Client) -> None:
    index = html(english.get(INDEX))
    assert "Patient Health Questionnaire (PHQ-9)" in index
    assert "the last 2 weeks" in index
    english.post(take_url("phq9"))
    page = html(english.get(page_url("phq9", 1)))
    assert "Little interest or pleasure in doing things" in page and "Not at all" in page
    response = take(english, "phq9", {"phq9": PHQ9_MILD})
    result = html(english.get(response["Location"]))
    assert "Mild" in result
    assert "It is not a diagnosis." in result
    assert "Book a counsellor" in result
    assert only_submission().language == "en"


def test_the_result_page_shows_the_report_in_the_pages_language(
    instruments: None, english: Client
) -> None:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=PHQ9_MILD, language="en"
    )
    grant_access(english, submission)
    page = html(english.get(result_url(submission)))
    assert reverse("assessments:report_request", args=[submission.public_id]) in page
    Report.objects.create(submission=submission, language="en", status="done", pdf=b"%PDF")
    page = html(english.get(result_url(submission)))
    report = Report.objects.get()
    assert reverse("assessments:report_download", args=[report.public_id]) in page


def _risky_results(count: int, tree: dict[str, OrgUnit]) -> list[Submission]:
    made = []
    for index in range(count):
        submission, _code = services.submission_create(
            actor=None,
            instrument_code="phq9",
            answers=[1] * 8 + [1],
            language="zh-hans",
            demographics=services.Demographics(
                district=tree["district_a"] if index % 2 else tree["district_b"]
            ),
        )
        Report.objects.create(submission=submission, language="zh-hans")
        made.append(submission)
    return made


@pytest.mark.parametrize("stations", [0, 12])
def test_the_result_page_query_budget(
    instruments: None,
    client: Client,
    tree: dict[str, OrgUnit],
    stations: int,
    django_assert_max_num_queries: object,
) -> None:
    for index in range(stations):
        unit = factories.unit(f"驿站{index}", "station", tree["district_b"])
        factories.station(unit, lat=36.1 + index / 1000, lng=120.4, open_24h=True)
    submissions = _risky_results(6, tree)
    for submission in submissions:
        grant_access(client, submission)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(result_url(submissions[0]))
    assert response.status_code == 200
    assert 'id="crisis"' in html(response)
    both = reverse(
        "assessments:results", kwargs={"public_ids": [s.public_id for s in submissions[:2]]}
    )
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get(both).status_code == 200
