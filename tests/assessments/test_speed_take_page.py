"""A questionnaire page writes its radio buttons itself: exactly RadioSelect's markup.

(Rendering a widget template per button was two thirds of the page's time.)
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from assessments.forms import AnswerPageForm
from core.rendered import Rendered
from tests.assessments.portal import page_url, take_url

pytestmark = pytest.mark.django_db

INDEX = reverse("assessments:index")
RADIO = re.compile(r"<input type=\"radio\"[^>]*>")


def django_radios(form: AnswerPageForm) -> list[str]:
    """What Django's RadioSelect writes for every button of the page, in order."""
    return [
        str(radio.tag())
        for item in form.page.items
        for radio in form[AnswerPageForm.field_name(item.number)]
    ]


def radios_of(response: object) -> list[str]:
    return RADIO.findall(response.content.decode())  # type: ignore[attr-defined]


def test_a_new_page_a_page_answered_before_and_a_refused_page(
    instruments: None, client: Client
) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post(take_url("phq9"))
    fresh = client.get(page_url("phq9", 1))
    assert radios_of(fresh) == django_radios(fresh.context["form"])
    assert len(radios_of(fresh)) == 3 * 4 and "checked" not in "".join(radios_of(fresh))

    client.post(page_url("phq9", 1), {"q1": "2", "q2": "0", "q3": "3"})
    again = client.get(page_url("phq9", 1))  # back to page 1: the answers kept are checked
    assert radios_of(again) == django_radios(again.context["form"])
    checked = [r for r in radios_of(again) if " checked" in r]
    assert [re.search(r'id="(\w+)"', r).group(1) for r in checked] == [  # type: ignore[union-attr]
        "id_q1_2",
        "id_q2_0",
        "id_q3_3",
    ]

    refused = client.post(page_url("phq9", 2), {"q4": "1", "q5": "9"})  # q5 out of range, q6 none
    assert refused.status_code == 400
    assert radios_of(refused) == django_radios(refused.context["form"])
    assert sum(" checked" in r for r in radios_of(refused)) == 1  # q4's answer stays chosen
    page = refused.content.decode()
    assert "Choose one of the answers offered." in page
    assert "Choose an answer to question 6." in page


def test_no_widget_template_is_rendered_per_button(instruments: None, client: Client) -> None:
    client.post(take_url("phq9"))
    page = client.get(page_url("phq9", 1))
    names = [t.name for t in page.templates]
    assert "assessments/take_page.html" in names
    assert not [n for n in names if n and n.startswith("django/forms/widgets/")]


def test_the_questionnaire_pages_read_no_instrument_and_a_new_version_shows_at_once(
    instruments: None, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assessments import services
    from tests.assessments.definitions import raw_definition

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        client.get(INDEX)
        with CaptureQueriesContext(connection) as queries:
            index = client.get(INDEX)
            intro = client.get(take_url("gad7"))
        assert index.status_code == intro.status_code == 200
        assert len(queries) == 0  # no session yet, and the current versions from the process

        definition = raw_definition("gad7")
        definition["name"] = {
            "zh-Hans": "广泛性焦虑量表（新版）",
            "en": "Anxiety check, new edition",
        }
        services.instrument_version_create(actor=None, definition=definition)
        assert "Anxiety check, new edition" in client.get(INDEX).content.decode()
        assert "Anxiety check, new edition" in client.get(take_url("gad7")).content.decode()


def test_the_index_body_is_rendered_once_per_language(instruments: None, client: Client) -> None:
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False):
        first = client.get(INDEX)
        again = client.get(INDEX)
        english = client.get(INDEX, headers={"accept-language": "en"})
    names = [[t.name for t in page.templates] for page in (first, again, english)]
    assert "assessments/_index_content.html" in names[0]
    assert "assessments/_index_content.html" not in names[1]  # from core.public_cache
    assert "assessments/_index_content.html" in names[2]  # each language apart
    body = [page.content.decode().split("<h1>", 1)[1] for page in (first, again)]
    assert body[1] == body[0]
    assert "PHQ-9" in english.content.decode() and "Start here" in english.content.decode()
    assert "Start here" not in first.content.decode()


FIELDSET = re.compile(r"<fieldset.*?</fieldset>", re.S)


def test_a_questions_fieldset_is_written_from_memory_for_the_same_values(
    instruments: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessments.presentation import questions

    # This process's memory, from empty.
    monkeypatch.setattr(questions, "FIELDSETS", Rendered(questions.FIELDSETS.template_name))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post(take_url("phq9"))
    first = client.get(page_url("phq9", 1))
    again = client.get(page_url("phq9", 1))
    assert "assessments/_question.html" in [t.name for t in first.templates]
    assert "assessments/_question.html" not in [t.name for t in again.templates]
    assert FIELDSET.findall(again.content.decode()) == FIELDSET.findall(first.content.decode())

    # Other values are other fieldsets: a chosen answer, an error, another language.
    client.post(page_url("phq9", 1), {"q1": "2", "q2": "0", "q3": "3"})
    answered = client.get(page_url("phq9", 1)).content.decode()
    assert 'id="id_q1_2" required checked' in answered
    refused = client.post(page_url("phq9", 1), {"q1": "1"}).content.decode()
    assert 'class="question has-error" id="q2"' in refused
    assert 'id="id_q1_1" required checked' in refused
    chinese = client.get(page_url("phq9", 1), headers={"accept-language": "zh-hans"})
    assert "做事时提不起劲或没有兴趣" in chinese.content.decode()


def test_a_new_versions_wording_shows_on_the_next_page(instruments: None, client: Client) -> None:
    from django.utils import timezone

    from assessments import services
    from tests.assessments.definitions import raw_definition

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(timezone.now(), tick=False):
        client.post(take_url("phq9"))
        assert "Little interest or pleasure" in client.get(page_url("phq9", 1)).content.decode()
        definition = raw_definition("phq9")
        definition["items"][0]["text"]["en"] = "Little interest in things, new wording"
        definition["options"][1]["label"]["en"] = "On several days"
        services.instrument_version_create(actor=None, definition=definition)
        client.post(take_url("phq9"))  # a questionnaire started now takes the new version
        page = client.get(page_url("phq9", 1)).content.decode()
    assert "Little interest in things, new wording" in page
    assert page.count("On several days") == 3 and "Several days" not in page


def test_the_memory_is_bounded_and_pages_stay_right(
    instruments: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessments.presentation import questions

    monkeypatch.setattr(
        questions, "FIELDSETS", Rendered(questions.FIELDSETS.template_name, entries=2)
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post(take_url("phq9"))
    for page in (1, 2, 1):
        response = client.get(page_url("phq9", page))
        assert radios_of(response) == django_radios(response.context["form"])
        assert len(questions.FIELDSETS) <= 2
