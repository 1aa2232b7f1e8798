"""What keeps the crisis result fast, and exact.

- It writes the call-back form's empty fields from memory, the same markup as the form
  renders, and a refused request still shows what the worker typed.
- Its stations open now are rendered once a minute per district and language
  (core.public_cache): a changed station shows on the next result, the next minute is
  rendered again, and nothing of the worker is in the shared block.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.forms import CallbackForm
from assessments.models import Submission
from assessments.presentation import cards
from core.rendered import Rendered
from network.models import OrgUnit
from tests.assessments.portal import grant_access, result_url, take

pytestmark = pytest.mark.django_db

CRISIS = {"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 2]}
FORM = re.compile(r'<form method="post" action="[^"]*" class="callback-form".*?</form>', re.S)


def form_templates(response: object) -> list[str]:
    return [
        t.name
        for t in response.templates  # type: ignore[attr-defined]
        if t.name and t.name.startswith("django/forms/")
    ]


def test_the_empty_fields_come_from_memory_with_the_forms_own_markup(
    instruments: None, client: Client
) -> None:
    result = take(client, "phq9", CRISIS)["Location"]
    first = client.get(result)
    again = client.get(result)
    assert first.status_code == again.status_code == 200
    assert form_templates(again) == []  # nothing of the form rendered for this page
    expected = render_to_string(
        "assessments/_callback_fields.html", {"callback_form": CallbackForm()}
    )
    assert str(expected) in again.content.decode()
    assert 'name="callback-contact_phone"' in again.content.decode()


def test_a_refused_request_shows_the_input_and_the_error(instruments: None, client: Client) -> None:
    result = take(client, "phq9", CRISIS)["Location"]
    client.get(result)
    callback = result.replace("/result/", "/results/").rstrip("/") + "/callback/"
    refused = client.post(
        callback,
        {"callback-contact_phone": "12", "callback-contact_name": "小王", "callback-consent": "on"},
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 400
    form = FORM.search(refused.content.decode()).group(0)  # type: ignore[union-attr]
    assert 'value="小王"' in form
    assert "Give a mobile number (11 digits) or a landline number." in form
    assert form_templates(refused)  # a bound form is rendered as it is


# --- the stations open now ----------------------------------------------------------

MOMENT = datetime(2026, 6, 10, 10, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
STATION_TEMPLATES = {"assessments/_crisis_stations.html", "network/_station_facts.html"}


def risky(district: OrgUnit | None, item9: int = 2) -> Submission:
    submission, _code = services.submission_create(
        actor=None,
        instrument_code="phq9",
        answers=[1] * 8 + [item9],
        language="zh-hans",
        demographics=services.Demographics(district=district),
    )
    return submission


def open_result(submission: Submission, language: str = "zh-hans") -> tuple[str, set[str]]:
    """The crisis panel's station block as a new browser sees it, and the templates rendered."""
    client = Client(headers={"accept-language": language})
    grant_access(client, submission)
    response = client.get(result_url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    block = page[page.index("<h2>", page.index('id="crisis"')) : page.index('class="book-near"')]
    return block, {t.name for t in response.templates if t.name}


def test_the_crisis_stations_are_rendered_once_a_minute_per_district_and_language(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    with time_machine.travel(MOMENT, tick=False):
        first, rendered = open_result(risky(tree["district_b"]))
        assert rendered >= STATION_TEMPLATES
        assert tree["station_b1"].name in first and "附近正在开放的服务点" in first

        # Another worker of the same district, other answers: the same block, not rendered.
        again, rendered = open_result(risky(tree["district_b"], item9=3))
        assert again == first
        assert not STATION_TEMPLATES & rendered

        # Another district, or English: a block of their own.
        elsewhere, rendered = open_result(risky(tree["district_a"]))
        assert rendered >= STATION_TEMPLATES and elsewhere != first
        english, rendered = open_result(risky(tree["district_b"]), language="en")
        assert rendered >= STATION_TEMPLATES
        assert "Open now near" in english and tree["station_b1"].name in english

    with time_machine.travel(MOMENT + timedelta(minutes=1), tick=False):
        _block, rendered = open_result(risky(tree["district_b"]))
        assert rendered >= STATION_TEMPLATES  # the next minute: "open now" is decided again


def test_a_changed_station_shows_on_the_next_crisis_result(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    with time_machine.travel(MOMENT, tick=False):
        before, _rendered = open_result(risky(tree["district_b"]))
        station = tree["station_b1"].station
        station.address = "新的地址 88 号"
        station.save()
        after, rendered = open_result(risky(tree["district_b"]))
    assert "新的地址 88 号" not in before
    assert "新的地址 88 号" in after and rendered >= STATION_TEMPLATES


def test_the_shared_block_holds_nothing_of_the_worker(
    instruments: None, tree: dict[str, OrgUnit]
) -> None:
    with time_machine.travel(MOMENT, tick=False):
        block, _rendered = open_result(risky(tree["district_b"]))
    assert "您提到" not in block  # the worker's risk reason stays outside it
    assert "csrf" not in block.lower() and "retrieval" not in block


def test_the_next_steps_are_each_districts_own(instruments: None, tree: dict[str, OrgUnit]) -> None:
    # Rendered once per district and language ({% once vary district… %}): never another's.
    pages = {}
    for name in ("district_a", "district_b", None, "district_a"):
        submission, _code = services.submission_create(
            actor=None,
            instrument_code="phq9",
            answers=[1] * 9,
            language="zh-hans",
            demographics=services.Demographics(district=tree[name] if name else None),
        )
        client = Client(headers={"accept-language": "en"})
        grant_access(client, submission)
        page = client.get(result_url(submission)).content.decode()
        pages[name] = page[page.index('class="next-steps"') :]
    for name in ("district_a", "district_b"):
        other = tree["district_b" if name == "district_a" else "district_a"]
        assert f"?from_district={tree[name].public_id}" in pages[name]
        assert str(other.public_id) not in pages[name]
    assert "from_district" not in pages[None]
    assert "Free, confidential talks in person at a heart station" in pages[None]


# --- a card's summary from memory ------------------------------------------------------

CARD = re.compile(r'<section class="result-card[^"]*".*?<div class="report-box">', re.S)


def open_plain(answers: list[int], language: str = "zh-hans") -> tuple[str, set[str]]:
    submission, _code = services.submission_create(
        actor=None, instrument_code="phq9", answers=answers, language="zh-hans"
    )
    client = Client(headers={"accept-language": language})
    grant_access(client, submission)
    response = client.get(result_url(submission))
    assert response.status_code == 200
    card = CARD.search(response.content.decode()).group(0)  # type: ignore[union-attr]
    return card, {t.name for t in response.templates if t.name}


@pytest.fixture
def fresh_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cards, "SUMMARIES", Rendered(cards.SUMMARIES.template_name))


def test_a_cards_summary_is_written_from_memory_for_the_same_values(
    instruments: None, fresh_cards: None
) -> None:
    with time_machine.travel(MOMENT, tick=False):
        first, rendered = open_plain([1] * 9)
        assert "assessments/_result_card.html" in rendered
        assert "9" in first and "2026年6月10日" in first

        # Another worker, the same questionnaire, score and day: the same summary, from memory.
        again, rendered = open_plain([2, 1, 0, 1, 1, 1, 1, 1, 1])
        assert again == first
        assert "assessments/_result_card.html" not in rendered

        # Another score, or English: rendered for their own values.
        other, rendered = open_plain([3] * 8 + [0])
        assert "assessments/_result_card.html" in rendered and "24" in other and other != first
        english, rendered = open_plain([1] * 9, language="en")
        assert "assessments/_result_card.html" in rendered
        assert "Answered on" in english and "What it means" in english

    with time_machine.travel(MOMENT + timedelta(days=1), tick=False):
        next_day, rendered = open_plain([1] * 9)
    assert "assessments/_result_card.html" in rendered and "2026年6月11日" in next_day


def test_a_cards_summary_holds_nothing_of_the_worker_but_the_result(
    instruments: None, fresh_cards: None
) -> None:
    card, _rendered = open_plain([1] * 9)
    assert "csrf" not in card.lower() and "report-status" not in card
    assert "retrieval" not in card and "/report" not in card


def test_the_memory_of_summaries_is_bounded(
    instruments: None, fresh_cards: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cards, "SUMMARIES", Rendered(cards.SUMMARIES.template_name, entries=2))
    for total in range(4):
        open_plain([total % 4] + [0] * 8)
        assert len(cards.SUMMARIES) <= 2


def test_a_results_first_view_reads_the_database_once(instruments: None, client: Client) -> None:
    # The submission, its version, instrument, unit and campaign, and its report in the
    # page's language: one SELECT (core.db.select.Reader with One). No session is read: the
    # finished questionnaire left none (core.privacy).
    result = take(client, "phq9", {"phq9": [1] * 8 + [0]})["Location"]  # no risk
    with CaptureQueriesContext(connection) as queries:
        page = client.get(result)
    assert page.status_code == 200 and 'class="code-once"' in page.content.decode()
    assert len(queries) == 1, [q["sql"][:80] for q in queries]
    assert "assessments_report" in queries[0]["sql"]
