"""The crisis result writes the call-back form's empty fields from memory, the same markup as
the form renders, and a refused request still shows what the worker typed."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from assessments.forms import CallbackForm
from tests.assessments.portal import take

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
