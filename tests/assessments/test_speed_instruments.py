"""The instrument list from core.public_cache: no query after the first request, a new
version served at once."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import services
from tests.assessments.definitions import raw_definition

pytestmark = pytest.mark.django_db

URL = "/api/v1/instruments/"


def gad7(response: object) -> dict[str, object]:
    items = response.json()["results"]  # type: ignore[attr-defined]
    return next(item for item in items if item["code"] == "gad7")


def test_the_second_list_makes_no_query_and_a_new_version_shows_at_once(
    client: Client, instruments: None
) -> None:
    with time_machine.travel(timezone.now(), tick=False):  # within one minute of the cache
        first = client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(URL)
    assert again.json() == first.json()
    assert len(queries) == 0
    assert gad7(first)["version"] == 1

    definition = raw_definition("gad7")
    definition["time_frame"] = {"zh-Hans": "过去两周", "en": "the past two weeks"}
    services.instrument_version_create(actor=None, definition=definition)

    assert gad7(client.get(URL))["version"] == 2
