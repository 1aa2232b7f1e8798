"""Helpers of the portal tests: walk a questionnaire through the test client."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from assessments import access
from assessments.models import Submission

PHQ9_MILD = [1, 1, 1, 1, 1, 0, 0, 0, 0]  # total 5: mild, item 9 = 0
GAD7_MODERATE = [2, 2, 2, 2, 1, 1, 0]  # total 10: moderate


def take_url(key: str) -> str:
    return reverse("assessments:take", kwargs={"key": key})


def page_url(key: str, page: int) -> str:
    return reverse("assessments:take_page", kwargs={"key": key, "page": page})


def finish_url(key: str) -> str:
    return reverse("assessments:take_finish", kwargs={"key": key})


def answer_pages(client: Client, key: str, answers: dict[str, list[int]]) -> HttpResponse:
    """Start `key` and answer every page; returns the response that leads to the last step."""
    response = client.post(take_url(key))
    assert response.status_code == 302, response.content[:500]
    while True:
        url = response["Location"]
        if url == finish_url(key):
            return response
        page = client.get(url)
        assert page.status_code == 200
        current = page.context["page"]
        code = current.definition.code
        data = {f"q{item.number}": answers[code][item.number - 1] for item in current.items}
        response = client.post(url, data)
        assert response.status_code == 302, page.content[:500]


def take(
    client: Client,
    key: str,
    answers: dict[str, list[int]],
    *,
    finish: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer everything, then submit (skipping the optional questions unless `finish` is given).

    Returns the redirect to the result page.
    """
    answer_pages(client, key, answers)
    response = client.post(finish_url(key), finish if finish is not None else {"skip": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def grant_access(client: Client, submission: Submission) -> None:
    """What the code form does: the browser's result pass may now open the submission."""
    cookie = client.cookies.get(access.COOKIE_NAME)
    held = access.ResultPass()
    if cookie is not None:
        request = RequestFactory().get("/", HTTP_COOKIE=f"{access.COOKIE_NAME}={cookie.value}")
        held = access.result_pass(request)
    held.ids.append(str(submission.public_id))
    client.cookies[access.COOKIE_NAME] = access.encode(held)


def result_url(submission: Submission) -> str:
    return reverse("assessments:result", kwargs={"public_id": submission.public_id})


def checked(html: str, name: str, value: int) -> bool:
    """Whether the radio `name` with `value` is checked in `html`."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no radio {name}={value}")
